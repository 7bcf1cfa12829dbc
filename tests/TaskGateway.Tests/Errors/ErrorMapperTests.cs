using Google.Rpc;
using Grpc.Core;
using TaskGateway.Core.Errors;
using StatusCode = Grpc.Core.StatusCode;

namespace TaskGateway.Tests.Errors;

public class ErrorMapperTests
{
    [Fact]
    public void Map_401WithCallersOwnToken_UnauthenticatedNotInternal()
    {
        var rpc = ErrorMapper.Map(new UpstreamException(UpstreamFailure.HttpStatus, "astra", "Unauthorized", 401) { CallerCredentials = true });

        Assert.Equal(StatusCode.Unauthenticated, rpc.StatusCode);
        Assert.Equal("UPSTREAM_CALLER_TOKEN_REJECTED", Info(rpc).Reason);
    }

    [Theory]
    [InlineData(400, StatusCode.InvalidArgument, "UPSTREAM_INVALID_REQUEST")]
    [InlineData(401, StatusCode.Internal, "UPSTREAM_CREDENTIALS_REJECTED")]
    [InlineData(403, StatusCode.PermissionDenied, "UPSTREAM_PERMISSION_DENIED")]
    [InlineData(404, StatusCode.NotFound, "TASK_NOT_FOUND")]
    [InlineData(409, StatusCode.Aborted, "UPSTREAM_ERROR")]
    [InlineData(429, StatusCode.Unavailable, "UPSTREAM_RATE_LIMITED")]
    [InlineData(500, StatusCode.Unavailable, "UPSTREAM_UNAVAILABLE")]
    [InlineData(502, StatusCode.Unavailable, "UPSTREAM_UNAVAILABLE")]
    [InlineData(503, StatusCode.Unavailable, "UPSTREAM_UNAVAILABLE")]
    [InlineData(504, StatusCode.Unavailable, "UPSTREAM_UNAVAILABLE")]
    [InlineData(418, StatusCode.Internal, "UPSTREAM_ERROR")]
    public void Map_HttpStatus_ByMeaningWithErrorInfo(int http, StatusCode code, string reason)
    {
        var rpc = ErrorMapper.Map(new UpstreamException(UpstreamFailure.HttpStatus, "dms", "DMS.1: x", http, "DMS.1", "req-1"));

        Assert.Equal(code, rpc.StatusCode);
        var info = Info(rpc);
        Assert.Equal(reason, info.Reason);
        Assert.Equal(ErrorReasons.Domain, info.Domain);
        Assert.Equal(http.ToString(System.Globalization.CultureInfo.InvariantCulture), info.Metadata["upstreamHttpStatus"]);
        Assert.Equal("DMS.1", info.Metadata["upstreamErrorCode"]);
        Assert.Equal("req-1", info.Metadata["upstreamRequestId"]);
        Assert.Equal("dms", info.Metadata["source"]);
    }

    [Theory]
    [InlineData(UpstreamFailure.Timeout, StatusCode.Unavailable, "UPSTREAM_TIMEOUT")]
    [InlineData(UpstreamFailure.Transport, StatusCode.Unavailable, "UPSTREAM_UNAVAILABLE")]
    [InlineData(UpstreamFailure.MalformedResponse, StatusCode.Unavailable, "UPSTREAM_MALFORMED_RESPONSE")]
    [InlineData(UpstreamFailure.Redirect, StatusCode.Internal, "UPSTREAM_REDIRECT_REFUSED")]
    public void Map_NonHttpFailures_KeepEveryMetadataKey(UpstreamFailure failure, StatusCode code, string reason)
    {
        var rpc = ErrorMapper.Map(new UpstreamException(failure, "astra", "ignored"));

        Assert.Equal(code, rpc.StatusCode);
        var info = Info(rpc);
        Assert.Equal(reason, info.Reason);
        Assert.Equal(["source", "upstreamErrorCode", "upstreamHttpStatus", "upstreamRequestId"], info.Metadata.Keys.Order());
    }

    [Fact]
    public void Map_429WithRetryAfter_RetryInfoCarriesIt()
    {
        var rpc = ErrorMapper.Map(new UpstreamException(UpstreamFailure.HttpStatus, "dms", "", 429, retryAfter: TimeSpan.FromSeconds(7)));

        Assert.Equal(TimeSpan.FromSeconds(7), rpc.GetRpcStatus()!.GetDetail<RetryInfo>().RetryDelay.ToTimeSpan());
    }

    [Fact]
    public void Map_429WithoutRetryAfter_SuggestsHuaweiDelay() =>
        Assert.Equal(ErrorMapper.DefaultThrottleDelay, ErrorMapper.Map(new UpstreamException(UpstreamFailure.HttpStatus, "dms", "", 429)).GetRpcStatus()!.GetDetail<RetryInfo>().RetryDelay.ToTimeSpan());

    [Fact]
    public void Map_UpstreamRefusesGatewayBuiltParameters_InternalWithoutFieldViolations()
    {
        var rpc = ErrorMapper.Map(new UpstreamException(UpstreamFailure.HttpStatus, "astra", "", 400, invalidParams: [new("limit", "must be digits"), new("continue", "expired")]));

        // The caller sent neither limit nor continue: the gateway built them, so the fault is the gateway's.
        Assert.Equal(StatusCode.Internal, rpc.StatusCode);
        Assert.Equal("UPSTREAM_REFUSED_GATEWAY_REQUEST", Info(rpc).Reason);
        Assert.Null(rpc.GetRpcStatus()!.GetDetail<BadRequest>());
        Assert.Equal("limit: must be digits; continue: expired", Info(rpc).Metadata["upstreamInvalidParams"]);
    }

    [Fact]
    public void Map_UpstreamRefusesOtherParameters_InvalidArgumentWithoutFieldViolations()
    {
        var rpc = ErrorMapper.Map(new UpstreamException(UpstreamFailure.HttpStatus, "astra", "", 400, invalidParams: [new("include", "unknown field")]));

        Assert.Equal(StatusCode.InvalidArgument, rpc.StatusCode);
        Assert.Equal("UPSTREAM_INVALID_REQUEST", Info(rpc).Reason);
        Assert.Null(rpc.GetRpcStatus()!.GetDetail<BadRequest>());
        Assert.Equal("include: unknown field", Info(rpc).Metadata["upstreamInvalidParams"]);
    }

    [Fact]
    public void Map_Validation_InvalidArgumentWithEveryViolation()
    {
        var rpc = ErrorMapper.Map(new RequestValidationException([new("parent", "bad"), new("page_size", "negative")]));

        Assert.Equal(StatusCode.InvalidArgument, rpc.StatusCode);
        Assert.Equal(2, rpc.GetRpcStatus()!.GetDetail<BadRequest>().FieldViolations.Count);
        Assert.Equal("parent,page_size", Info(rpc).Metadata["fields"]);
    }

    [Fact]
    public void MapUnexpected_Internal_NoDetailLeaks()
    {
        var rpc = ErrorMapper.MapUnexpected();

        Assert.Equal(StatusCode.Internal, rpc.StatusCode);
        Assert.DoesNotContain("Exception", rpc.Status.Detail);
    }

    private static ErrorInfo Info(RpcException rpc) => rpc.GetRpcStatus()!.GetDetail<ErrorInfo>();
}
