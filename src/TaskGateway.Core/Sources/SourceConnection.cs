using TaskGateway.Core.Resilience;

namespace TaskGateway.Core.Sources;

/// <summary>What an adapter needs of its source: alias, options, and its own named HttpClient.</summary>
public sealed class SourceConnection
{
    private readonly IHttpMessageHandlerFactory _handlers;
    private readonly string _baseUrl;

    /// <summary>Creates the context.</summary>
    public SourceConnection(string alias, SourceOptions options, IHttpMessageHandlerFactory handlers, TimeProvider time, Http.IUpstreamErrorBody errorBody)
    {
        ErrorBody = errorBody;
        Alias = alias;
        Options = options;
        _handlers = handlers;
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

    /// <summary>
    /// The purpose's handler chain from the factory (pooled and rotated by it: this source's auth, the bounded body
    /// reader, the purpose's resilience pipeline), behind an invoker rather than an HttpClient: the gateway uses none
    /// of HttpClient's own features (base address, default headers, its timeout, cancelling pending requests), and an
    /// HttpClient per call costs a linked cancellation source per request on top of the client itself.
    /// </summary>
    public HttpMessageInvoker CreateInvoker(UpstreamPurpose purpose = UpstreamPurpose.Request) =>
        new(_handlers.CreateHandler(HttpClientNameFor(Alias, purpose)), disposeHandler: false);

    /// <summary>
    /// The absolute URI for a path made of literals and already-escaped segments. The host always comes
    /// from configuration: nothing a caller sends can change it.
    /// </summary>
    public Uri Uri(string pathAndQuery) => new(_baseUrl + pathAndQuery, UriKind.Absolute);
}
