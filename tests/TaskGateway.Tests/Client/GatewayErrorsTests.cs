using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using TaskGateway.Client;
using TaskGateway.Contracts.V1;

namespace TaskGateway.Tests.Client;

public sealed class GatewayErrorsTests
{
    [Theory]
    [InlineData("WATCH_CONDITION_UNREACHABLE", ErrorReason.WatchConditionUnreachable)]
    [InlineData("UPSTREAM_TIMEOUT", ErrorReason.UpstreamTimeout)]
    [InlineData("SERVER_SHUTTING_DOWN", ErrorReason.ServerShuttingDown)]
    public void ReasonOf_GatewayErrorInfo_IsTheContractsValue(string reason, ErrorReason expected) =>
        Assert.Equal(expected, GatewayErrors.ReasonOf(Error(reason, "taskgateway")));

    [Theory]
    [InlineData("A_REASON_OF_A_NEWER_GATEWAY", "taskgateway")]
    [InlineData("UPSTREAM_TIMEOUT", "googleapis.com")]
    public void ReasonOf_UnknownReasonOrOtherDomain_Unspecified(string reason, string domain) =>
        Assert.Equal(ErrorReason.Unspecified, GatewayErrors.ReasonOf(Error(reason, domain)));

    [Fact]
    public void ReasonOf_NoErrorInfo_Unspecified()
    {
        var e = new RpcException(new Grpc.Core.Status(StatusCode.Unavailable, "down"));

        Assert.Equal(ErrorReason.Unspecified, GatewayErrors.ReasonOf(e));
        Assert.Null(GatewayErrors.InfoOf(e));
    }

    private static RpcException Error(string reason, string domain)
    {
        var status = new Google.Rpc.Status { Code = (int)Code.FailedPrecondition, Message = "m" };
        status.Details.Add(Any.Pack(new ErrorInfo { Reason = reason, Domain = domain }));
        return status.ToRpcException();
    }
}
