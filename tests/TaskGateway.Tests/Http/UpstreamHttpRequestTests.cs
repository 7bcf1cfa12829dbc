using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using TaskGateway.Core.Errors;
using TaskGateway.Core.Http;
using TaskGateway.Core.Resilience;
using TaskGateway.Core.Sources;

namespace TaskGateway.Tests.Http;

/// <summary>What every upstream GET carries, whatever the source's kind: the request the handler chain receives.</summary>
public sealed class UpstreamHttpRequestTests
{
    private static readonly JsonTypeInfo<JsonElement> Element = (JsonTypeInfo<JsonElement>)JsonSerializerOptions.Default.GetTypeInfo(typeof(JsonElement));

    [Fact]
    public async Task GetJsonAsync_AnyCall_SendsAcceptJsonAndTheGatewaysUserAgentToTheConfiguredHost()
    {
        var recorder = new Recorder();
        var source = new SourceConnection("iot", new SourceOptions { Kind = "IotdaInstanceTask", Endpoint = "https://vendor.example/base/" },
            new Handlers(recorder), TimeProvider.System, GenericErrorBody.Instance);

        var body = await UpstreamHttp.GetJsonAsync(source, UpstreamCall.Request, "/v5/tasks/a%2Fb?limit=1", Element, null, null, CancellationToken.None);

        Assert.Equal(7, body.GetProperty("n").GetInt32());
        var request = Assert.Single(recorder.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("https://vendor.example/base/v5/tasks/a%2Fb?limit=1", request.RequestUri!.OriginalString);
        Assert.Equal(["application/json"], request.Headers.GetValues("Accept"));
        Assert.Equal(["TaskGateway/1.0"], request.Headers.GetValues("User-Agent"));
    }

    [Fact]
    public async Task GetJsonAsync_WatchPurpose_UsesTheWatchPipelinesHandlerChain()
    {
        var recorder = new Recorder();
        var handlers = new Handlers(recorder);
        var source = new SourceConnection("iot", new SourceOptions { Kind = "IotdaInstanceTask", Endpoint = "https://vendor.example" },
            handlers, TimeProvider.System, GenericErrorBody.Instance);

        await UpstreamHttp.GetJsonAsync(source, UpstreamCall.Watch, "/x", Element, null, null, CancellationToken.None);
        await UpstreamHttp.GetJsonAsync(source, UpstreamCall.Request, "/x", Element, null, null, CancellationToken.None);

        Assert.Equal(["taskgateway-watch-iot", "taskgateway-source-iot"], handlers.Names);
    }

    [Fact]
    public async Task GetJsonAsync_UpstreamRefuses_ThrowsUpstreamExceptionWithItsStatus()
    {
        var recorder = new Recorder { Status = HttpStatusCode.BadGateway };
        var source = new SourceConnection("iot", new SourceOptions { Kind = "IotdaInstanceTask", Endpoint = "https://vendor.example" },
            new Handlers(recorder), TimeProvider.System, GenericErrorBody.Instance);

        var e = await Assert.ThrowsAsync<UpstreamException>(() => UpstreamHttp.GetJsonAsync(source, UpstreamCall.Request, "/x", Element, null, null, CancellationToken.None));

        Assert.Equal(502, e.HttpStatus);
    }

    private sealed class Handlers(HttpMessageHandler handler) : IHttpMessageHandlerFactory
    {
        public List<string> Names { get; } = [];

        public HttpMessageHandler CreateHandler(string name)
        {
            Names.Add(name);
            return handler;
        }
    }

    private sealed class Recorder : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        public HttpStatusCode Status { get; init; } = HttpStatusCode.OK;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return Task.FromResult(new HttpResponseMessage(Status) { Content = new StringContent("{\"n\":7}") });
        }
    }
}
