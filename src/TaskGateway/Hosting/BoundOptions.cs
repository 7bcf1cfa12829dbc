using Microsoft.Extensions.Options;

namespace TaskGateway.Hosting;

/// <summary>
/// A section's options as bound, before validation: for a validator that checks one section against another
/// (Redis needs the PageTokenKey; an address beyond loopback needs caller authentication). Reading the other
/// section through IOptions would throw that section's own failures here and hide this validator's; the other
/// section's validator reports those.
/// </summary>
internal sealed class BoundOptions<T>
    where T : class
{
    private readonly Func<T> _bind;

    public BoundOptions(IEnumerable<IConfigureOptions<T>> setups, IEnumerable<IPostConfigureOptions<T>> postConfigures)
        : this(() => new OptionsFactory<T>(setups, postConfigures, []).Create(Options.DefaultName))
    {
    }

    private BoundOptions(Func<T> bind) => _bind = bind;

    /// <summary>The options as bound (each read binds afresh: validators run once, at start).</summary>
    public T Value => _bind();

    /// <summary>Options given as they are, for tests and callers that already hold them.</summary>
    public static BoundOptions<T> Of(T options) => new(() => options);
}
