using System.Net;
using TaskGateway.Core.Auth;
using TaskGateway.Core.Sources;

namespace TaskGateway.Tests.Auth;

public class PassThroughHandlerTests
{
    [Fact]
    public async Task BearerHandler_PassThroughSourceWithoutFallback_NeverSendsTheGatewaysToken()
    {
        // Start-up refuses this configuration; the handler does not rely on that: a request without a caller token
        // must not go out with the gateway's.
        var source = new SourceOptions { Kind = "AstraTask", Endpoint = "https://astra.example.com", Auth = new AuthOptions { Scheme = "Bearer", Token = "gateway-secret", PassCallerToken = true } };
        var seen = new List<string?>();
        using var invoker = new HttpMessageInvoker(Chain(AuthScheme.Bearer.CreateHandler(source, TimeProvider.System), seen));

        using var request = new HttpRequestMessage(HttpMethod.Get, "https://astra.example.com/x");
        await Assert.ThrowsAsync<InvalidOperationException>(() => invoker.SendAsync(request, CancellationToken.None));

        Assert.DoesNotContain(seen, v => v?.Contains("gateway-secret", StringComparison.Ordinal) == true);
    }

    private static DelegatingHandler Chain(DelegatingHandler handler, List<string?> seen)
    {
        handler.InnerHandler = new Recorder(seen);
        return handler;
    }

    private sealed class Recorder(List<string?> seen) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            seen.Add(request.Headers.Authorization?.ToString());
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
        }
    }
}
