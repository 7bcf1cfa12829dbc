using Google.Rpc;
using Grpc.Core;
using TaskGateway.Core.Errors;

namespace TaskGateway.Tests.Errors;

public class ResponseTooLargeMappingTests
{
    [Fact]
    public void Map_ResponseTooLarge_UnavailableWithLimitAndSourceNoRetryInfo()
    {
        var e = ErrorMapper.Map(new UpstreamException(UpstreamFailure.ResponseTooLarge, "clouddc", "response too large") { ResponseLimitBytes = 4194304 });

        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        var info = e.GetRpcStatus()!.GetDetail<ErrorInfo>();
        Assert.Equal("UPSTREAM_RESPONSE_TOO_LARGE", info.Reason);
        Assert.Equal("4194304", info.Metadata["maxResponseBytes"]);
        Assert.Equal("clouddc", info.Metadata["source"]);
        Assert.Null(e.GetRpcStatus()!.GetDetail<RetryInfo>());
    }

    [Fact]
    public void Map_UndocumentedErrorBody_MessageHasStatusAndTypeNotTheBody()
    {
        var e = ErrorMapper.Map(new UpstreamException(UpstreamFailure.HttpStatus, "astra", "HTTP 400 text/html body: Bad Request", 400)
        {
            UndocumentedBodyType = "text/html",
            BodyExcerpt = "Bad Request",
        });

        Assert.Contains("HTTP 400", e.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("text/html", e.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Bad Request", e.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("Bad Request", e.GetRpcStatus()!.GetDetail<ErrorInfo>().Metadata["upstreamBodyExcerpt"]);
    }
}
