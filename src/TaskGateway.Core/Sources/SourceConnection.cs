using TaskGateway.Core.Resilience;

namespace TaskGateway.Core.Sources;

/// <summary>What an adapter needs of its source: alias, options, and its own named HttpClient.</summary>
public sealed class SourceConnection
{
    private readonly IHttpClientFactory _clients;
    private readonly string _baseUrl;

    /// <summary>Creates the context.</summary>
    public SourceConnection(string alias, SourceOptions options, IHttpClientFactory clients, TimeProvider time, Http.IUpstreamErrorBody errorBody)
    {
        ErrorBody = errorBody;
        Alias = alias;
        Options = options;
        _clients = clients;
        Time = time;
        _baseUrl = options.Endpoint!.TrimEnd('/');
    }

    /// <summary>The alias.</summary>
    public string Alias { get; }

    /// <summary>The source's options, validated.</summary>
    public SourceOptions Options { get; }

    /// <summary>How the backend's error bodies read.</summary>
    public Http.IUpstreamErrorBody ErrorBody { get; }

    /// <summary>The clock.</summary>
    public TimeProvider Time { get; }

    /// <summary>The HttpClient name for an alias and purpose: each has its own resilience pipeline.</summary>
    public static string HttpClientNameFor(string alias, UpstreamPurpose purpose = UpstreamPurpose.Request) =>
        purpose == UpstreamPurpose.Watch ? "taskgateway-watch-" + alias : "taskgateway-source-" + alias;

    /// <summary>A client from the factory (pooled handlers, this source's auth and the purpose's resilience pipeline).</summary>
    public HttpClient CreateClient(UpstreamPurpose purpose = UpstreamPurpose.Request) => _clients.CreateClient(HttpClientNameFor(Alias, purpose));

    /// <summary>
    /// The absolute URI for a path made of literals and already-escaped segments. The host always comes
    /// from configuration: nothing a caller sends can change it.
    /// </summary>
    public Uri Uri(string pathAndQuery) => new(_baseUrl + pathAndQuery, UriKind.Absolute);
}
