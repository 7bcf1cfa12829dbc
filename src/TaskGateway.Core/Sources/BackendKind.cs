using TaskGateway.Core.Auth;
using TaskGateway.Core.Http;

namespace TaskGateway.Core.Sources;

/// <summary>
/// Everything the gateway knows about one backend kind, declared in the backend's folder and registered once
/// (<c>AddTaskGatewayBackends</c>, or a test's own): the configuration name, the descriptor (names, collection,
/// list support, page sizes, filter fields, details message), the auth schemes its sources accept, how its error
/// bodies read, its own option rules, and how to create its adapter for a source.
/// </summary>
public sealed record BackendKind(string Name, BackendDescriptor Descriptor, Func<SourceConnection, ITaskBackend> Create)
{
    /// <summary>The auth schemes a source of this kind may use (TaskGateway:Sources:{alias}:Auth:Scheme).</summary>
    public IReadOnlyList<AuthScheme> AuthSchemes { get; init; } = [AuthScheme.Bearer];

    /// <summary>How the backend's JSON error objects read.</summary>
    public IUpstreamErrorBody ErrorBody { get; init; } = GenericErrorBody.Instance;

    /// <summary>
    /// Binds the kind's own settings of a source (a region, say) from the source's configuration section; null for a
    /// kind that has none. Its rules go in <see cref="ValidateOptions"/>, which sees them in <see cref="SourceOptions.Settings"/>.
    /// </summary>
    public Func<Microsoft.Extensions.Configuration.IConfiguration, BackendSettings>? BindSettings { get; init; }

    /// <summary>Option rules of this kind beyond the common ones: adds one message per problem, naming the key.</summary>
    public Action<string, SourceOptions, List<string>>? ValidateOptions { get; init; }
}
