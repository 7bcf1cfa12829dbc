using System.Net;
using System.Text;
using TaskGateway.Core.Http;

namespace TaskGateway.Tests.Http;

/// <summary>The body read in full within the limit, and the answer's content headers carried over as the upstream sent them.</summary>
public sealed class BoundedResponseHandlerTests
{
    [Fact]
    public async Task SendAsync_BodyWithinLimit_BufferedWithEveryContentHeaderAsSent()
    {
        var upstream = new StringContent("{\"n\":7}", Encoding.UTF8);
        upstream.Headers.Clear();
        // As a socket handler leaves them: raw, unparsed, one with two values and one the parser would reject.
        upstream.Headers.TryAddWithoutValidation("Content-Type", "application/json;charset=UTF-8");
        upstream.Headers.TryAddWithoutValidation("Content-Language", ["en", "de"]);
        upstream.Headers.TryAddWithoutValidation("Content-MD5", "not base64 at all");
        using var invoker = new HttpMessageInvoker(new BoundedResponseHandler(1024) { InnerHandler = new Answer(upstream) });

        using var response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, "https://vendor.example/"), CancellationToken.None);

        var bounded = Assert.IsType<BoundedContent>(response.Content);
        Assert.Equal("{\"n\":7}", Encoding.UTF8.GetString(bounded.Body.Span));
        Assert.Equal("application/json", bounded.Headers.ContentType?.MediaType);
        Assert.Equal("UTF-8", bounded.Headers.ContentType?.CharSet);
        Assert.Equal(["en", "de"], bounded.Headers.NonValidated["Content-Language"].ToArray());
        Assert.Equal(["not base64 at all"], bounded.Headers.NonValidated["Content-MD5"].ToArray());
    }

    private sealed class Answer(HttpContent content) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request });
    }
}
