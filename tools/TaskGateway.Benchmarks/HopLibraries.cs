namespace TaskGateway.Benchmarks;

/// <summary>
/// Which of the gateway's feature libraries the bare hop runs (<c>bare-hop URL --libraries [--without LIST]</c>): all
/// of them by default, or all but those named, so that each library's price on the hop can be measured by leaving it
/// out (docs/benchmarks/profile.md, seventh slice). The authorization middleware runs whenever any of them does.
/// </summary>
internal sealed record HopLibraries(bool Tracing, bool Metrics, bool Resilience)
{
    /// <summary>The plain hop: none of the libraries.</summary>
    public static readonly HopLibraries None = new(false, false, false);

    /// <summary>Every library the gateway's features are built on.</summary>
    public static readonly HopLibraries All = new(true, true, true);

    /// <summary>The names <c>--without</c> takes, comma-separated.</summary>
    public static readonly string[] Names = ["tracing", "metrics", "resilience"];

    /// <summary>Whether any library runs (the authorization middleware then runs too).</summary>
    public bool Any => Tracing || Metrics || Resilience;

    /// <summary>All libraries but those in a comma-separated list of <see cref="Names"/>; null when one is not a name.</summary>
    public static HopLibraries? AllBut(string list)
    {
        var without = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return without.All(Names.Contains)
            ? new(!without.Contains("tracing"), !without.Contains("metrics"), !without.Contains("resilience"))
            : null;
    }
}
