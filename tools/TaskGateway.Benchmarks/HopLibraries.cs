namespace TaskGateway.Benchmarks;

/// <summary>
/// Which of the gateway's feature libraries the bare hop runs (<c>bare-hop URL --libraries [--without LIST]</c>): all
/// of them by default, or all but those named, so that each library's price on the hop can be measured by leaving it
/// out (docs/benchmarks/profile.md, seventh slice). With <c>--libraries</c> the hop always uses an IHttpClientFactory
/// client and the authorization middleware, whichever of these it leaves out.
/// </summary>
internal sealed record HopLibraries(bool Tracing, bool Metrics, bool Resilience)
{
    /// <summary>Every library the gateway's features are built on.</summary>
    public static readonly HopLibraries All = new(true, true, true);

    /// <summary>The names <c>--without</c> takes, comma-separated.</summary>
    public static readonly string[] Names = ["tracing", "metrics", "resilience"];

    /// <summary>All libraries but those in a comma-separated list of <see cref="Names"/>; null when the list is empty or names another.</summary>
    public static HopLibraries? AllBut(string list)
    {
        var without = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return without.Length > 0 && without.All(Names.Contains)
            ? new(!without.Contains("tracing"), !without.Contains("metrics"), !without.Contains("resilience"))
            : null;
    }
}
