namespace TaskGateway.Core.Sources;

/// <summary>What an adapter needs of its source: alias, options, and its own named HttpClient.</summary>
public sealed class SourceConnection
{
    private readonly IHttpClientFactory _clients;
    private readonly string _baseUrl;

    /// <summary>Creates the context.</summary>
    public SourceConnection(string alias, SourceOptions options, IHttpClientFactory clients, TimeProvider time)
    {
        Alias = alias;
        Options = options;
        _clients = clients;
        Time = time;
        _baseUrl = options.Endpoint!.TrimEnd('/');
        HttpClientName = HttpClientNameFor(alias);
    }

    /// <summary>The alias.</summary>
    public string Alias { get; }

    /// <summary>The source's options, validated.</summary>
    public SourceOptions Options { get; }

    /// <summary>The clock.</summary>
    public TimeProvider Time { get; }

    /// <summary>The name of this source's HttpClient.</summary>
    public string HttpClientName { get; }

    /// <summary>The HttpClient name for an alias.</summary>
    public static string HttpClientNameFor(string alias) => "taskgateway-source-" + alias;

    /// <summary>A client from the factory (pooled handlers, this source's auth and resilience).</summary>
    public HttpClient CreateClient() => _clients.CreateClient(HttpClientName);

    /// <summary>
    /// The absolute URI for a path made of literals and already-escaped segments. The host always comes
    /// from configuration: nothing a caller sends can change it.
    /// </summary>
    public Uri Uri(string pathAndQuery) => new(_baseUrl + pathAndQuery, UriKind.Absolute);
}
