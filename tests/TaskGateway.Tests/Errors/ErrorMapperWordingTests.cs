using Google.Rpc;
using Grpc.Core;
using TaskGateway.Core.Errors;
using StatusCode = Grpc.Core.StatusCode;

namespace TaskGateway.Tests.Errors;

/// <summary>
/// What a caller reads in each mapped error: the exact message, the documented reason string, the RetryInfo delay and
/// the metadata. Written against the mutants Stryker found alive in Errors (docs/quality.md): each assertion pins a
/// value a caller or an operator would notice changing.
/// </summary>
public class ErrorMapperWordingTests
{
    [Fact]
    public void Map_GatewayExceptionWithRetryDelay_RetryInfoCarriesExactlyIt()
    {
        var rpc = ErrorMapper.Map(new GatewayException(StatusCode.ResourceExhausted, TaskGateway.Contracts.V1.ErrorReason.TooManyCallsInFlight, "busy", retryDelay: TimeSpan.FromMilliseconds(1500)));

        Assert.Equal(TimeSpan.FromMilliseconds(1500), rpc.GetRpcStatus()!.GetDetail<RetryInfo>().RetryDelay.ToTimeSpan());
        Assert.Equal("TOO_MANY_CALLS_IN_FLIGHT", Info(rpc).Reason);
    }

    [Fact]
    public void Map_GatewayExceptionWithoutRetryDelay_NoRetryInfo() =>
        Assert.Null(ErrorMapper.Map(new GatewayException(StatusCode.PermissionDenied, TaskGateway.Contracts.V1.ErrorReason.CallerNotGranted, "no")).GetRpcStatus()!.GetDetail<RetryInfo>());

    [Fact]
    public void Map_FailureWithoutHttpStatus_UpstreamHttpStatusEmpty()
    {
        var info = Info(ErrorMapper.Map(new UpstreamException(UpstreamFailure.Timeout, "dms", "timeout")));

        Assert.Equal(string.Empty, info.Metadata["upstreamHttpStatus"]);
        Assert.Equal(string.Empty, info.Metadata["upstreamErrorCode"]);
        Assert.Equal(string.Empty, info.Metadata["upstreamRequestId"]);
    }

    [Theory]
    [InlineData(UpstreamFailure.CircuitOpen, "UPSTREAM_CIRCUIT_OPEN")]
    [InlineData(UpstreamFailure.ConcurrencyLimit, "UPSTREAM_CONCURRENCY_LIMIT")]
    public void Map_RefusedBeforeCallingWithRetryAfter_UnavailableWithThatDelay(UpstreamFailure failure, string reason)
    {
        var rpc = ErrorMapper.Map(new UpstreamException(failure, "astra", "refused", retryAfter: TimeSpan.FromSeconds(42)));

        Assert.Equal(StatusCode.Unavailable, rpc.StatusCode);
        Assert.Equal(reason, Info(rpc).Reason);
        Assert.Equal(TimeSpan.FromSeconds(42), rpc.GetRpcStatus()!.GetDetail<RetryInfo>().RetryDelay.ToTimeSpan());
    }

    [Theory]
    [InlineData(UpstreamFailure.CircuitOpen)]
    [InlineData(UpstreamFailure.ConcurrencyLimit)]
    public void Map_RefusedBeforeCallingWithoutRetryAfter_OneSecond(UpstreamFailure failure) =>
        Assert.Equal(TimeSpan.FromSeconds(1), ErrorMapper.Map(new UpstreamException(failure, "astra", "refused")).GetRpcStatus()!.GetDetail<RetryInfo>().RetryDelay.ToTimeSpan());

    [Theory]
    [InlineData("limit")]
    [InlineData("marker")]
    [InlineData("continue")]
    [InlineData("offset")]
    [InlineData("start")]
    [InlineData("LIMIT")]
    public void Map_400OnEachGatewayBuiltParameter_GatewaysFault(string parameter) =>
        Assert.Equal("UPSTREAM_REFUSED_GATEWAY_REQUEST",
            Info(ErrorMapper.Map(new UpstreamException(UpstreamFailure.HttpStatus, "astra", "", 400, invalidParams: [new(parameter, "bad")]))).Reason);

    [Fact]
    public void Map_400OnAGatewayParameterAndACallersOne_CallersRequestInvalid()
    {
        var rpc = ErrorMapper.Map(new UpstreamException(UpstreamFailure.HttpStatus, "astra", "", 400, invalidParams: [new("limit", "bad"), new("include", "unknown")]));

        Assert.Equal(StatusCode.InvalidArgument, rpc.StatusCode);
        Assert.Equal("UPSTREAM_INVALID_REQUEST", Info(rpc).Reason);
    }

    [Theory]
    [InlineData(UpstreamFailure.Timeout)]
    [InlineData(UpstreamFailure.Transport)]
    [InlineData(UpstreamFailure.MalformedResponse)]
    [InlineData(UpstreamFailure.CircuitOpen)]
    public void Map_FailureWithoutAnAnswer_VendorTextNeverInTheMessage(UpstreamFailure failure)
    {
        var e = new UpstreamException(failure, "dms", "internal detail x-17");

        Assert.False(ErrorMapper.ShowsUpstreamText(e));
        Assert.DoesNotContain("x-17", ErrorMapper.Map(e).Status.Detail);
    }

    [Theory]
    [InlineData(UpstreamFailure.HttpStatus, 429, "Source 'dms' is throttling the gateway; retry after the suggested delay.")]
    [InlineData(UpstreamFailure.HttpStatus, 503, "Source 'dms' is unavailable.")]
    [InlineData(UpstreamFailure.Transport, null, "Source 'dms' is unavailable.")]
    [InlineData(UpstreamFailure.Timeout, null, "Source 'dms' did not answer in time.")]
    [InlineData(UpstreamFailure.MalformedResponse, null, "Source 'dms' sent a response the gateway cannot read.")]
    [InlineData(UpstreamFailure.CircuitOpen, null, "Source 'dms' failed repeatedly; the gateway stops calling it for a short while.")]
    [InlineData(UpstreamFailure.ConcurrencyLimit, null, "The gateway already has as many calls in flight to source 'dms' as it allows.")]
    [InlineData(UpstreamFailure.Redirect, null, "Source 'dms' answered with a redirect, which the gateway does not follow.")]
    [InlineData(UpstreamFailure.HttpStatus, 409, "Source 'dms' failed.")]
    [InlineData(UpstreamFailure.HttpStatus, 401, "Source 'dms' refused the gateway's own credentials (HTTP 401); the gateway's operator must fix its configuration.")]
    public void Map_EachFailure_ExactMessage(UpstreamFailure failure, int? http, string message) =>
        Assert.Equal(message, ErrorMapper.Map(new UpstreamException(failure, "dms", "vendor text", http)).Status.Detail);

    [Fact]
    public void Map_ResponseTooLarge_MessageNamesTheLimit() =>
        Assert.Equal(
            "Source 'dms' answered with a body larger than the gateway accepts (4096 bytes); the gateway's operator can raise the source's MaxResponseBytes.",
            ErrorMapper.Map(new UpstreamException(UpstreamFailure.ResponseTooLarge, "dms", "too large") { ResponseLimitBytes = 4096 }).Status.Detail);

    [Fact]
    public void Map_400OnGatewayParameters_MessageBlamesTheGateway() =>
        Assert.Equal(
            "Source 'astra' refused paging parameters the gateway built itself; this is the gateway's fault, not the request's: report it with the upstream request id.",
            ErrorMapper.Map(new UpstreamException(UpstreamFailure.HttpStatus, "astra", "", 400, invalidParams: [new("limit", "bad")])).Status.Detail);

    [Fact]
    public void MapUnexpected_Internal_ExactFixedText()
    {
        var rpc = ErrorMapper.MapUnexpected();

        Assert.Equal("The gateway failed to handle the request; the failure is in its log.", rpc.Status.Detail);
        Assert.Equal("INTERNAL", Info(rpc).Reason);
    }

    [Fact]
    public void RequestValidationException_TwoViolations_MessageNamesEachFieldAndWhy() =>
        Assert.Equal("parent is required; page_size must not be negative",
            new RequestValidationException([new("parent", "is required"), new("page_size", "must not be negative")]).Message);

    [Fact]
    public void UpstreamException_NoUndocumentedBody_ExcerptEmpty() =>
        Assert.Equal(string.Empty, new UpstreamException(UpstreamFailure.HttpStatus, "dms", "x", 500).BodyExcerpt);

    [Theory]
    [InlineData("token=abc", "token=[redacted]")]
    [InlineData("api_key: abc", "api_key: [redacted]")]
    [InlineData("the task is running", "the task is running")]
    public void ForLog_NamedSecret_NameAndSeparatorKeptValueRedacted(string text, string expected) =>
        Assert.Equal(expected, UpstreamText.ForLog(text));

    [Fact]
    public void Map_Validation_MessageAndEachViolationAsSent()
    {
        var rpc = ErrorMapper.Map(new RequestValidationException([new("parent", "is required"), new("page_size", "must not be negative")]));

        Assert.Equal("Invalid request: parent is required; page_size must not be negative", rpc.Status.Detail);
        var violations = rpc.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations;
        Assert.Equal(["parent", "page_size"], violations.Select(v => v.Field));
        Assert.Equal(["is required", "must not be negative"], violations.Select(v => v.Description));
    }

    [Fact]
    public void Map_UndocumentedErrorBody_ContentTypeAndExcerptInMetadataOnly()
    {
        var info = Info(ErrorMapper.Map(new UpstreamException(UpstreamFailure.HttpStatus, "dms", "x", 502) { UndocumentedBodyType = "text/html", BodyExcerpt = "Bad gateway" }));

        Assert.Equal("text/html", info.Metadata["upstreamContentType"]);
        Assert.Equal("Bad gateway", info.Metadata["upstreamBodyExcerpt"]);
    }

    [Fact]
    public void Map_5xxWithRetryAfter_RetryInfoCarriesIt() =>
        Assert.Equal(TimeSpan.FromSeconds(30),
            ErrorMapper.Map(new UpstreamException(UpstreamFailure.HttpStatus, "dms", "", 503, retryAfter: TimeSpan.FromSeconds(30))).GetRpcStatus()!.GetDetail<RetryInfo>().RetryDelay.ToTimeSpan());

    [Theory]
    [InlineData(404, "Source 'dms' has no such task. DMS.404: no task 7")]
    [InlineData(400, "Source 'dms' refused the request as invalid. DMS.404: no task 7")]
    public void Map_VendorTextAboutTheCallersRequest_AppendedToTheMessage(int http, string message) =>
        Assert.Equal(message, ErrorMapper.Map(new UpstreamException(UpstreamFailure.HttpStatus, "dms", "DMS.404: no task 7", http)).Status.Detail);

    private static ErrorInfo Info(RpcException rpc) => rpc.GetRpcStatus()!.GetDetail<ErrorInfo>();
}
