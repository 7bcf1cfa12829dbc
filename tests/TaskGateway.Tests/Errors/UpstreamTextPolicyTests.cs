using Google.Rpc;
using Grpc.Core;
using TaskGateway.Core.Errors;
using StatusCode = Grpc.Core.StatusCode;

namespace TaskGateway.Tests.Errors;

/// <summary>A backend's own error text reaches the caller only when it is about the caller's request.</summary>
public class UpstreamTextPolicyTests
{
    private const string VendorText = "APIGW.0301: Incorrect IAM authentication information: account acme-prod-42 is frozen";

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public void Map_GatewayCredentialsRefused_SaysSoWithoutVendorTextAndKeepsCodeAndRequestId(int http)
    {
        var rpc = ErrorMapper.Map(new UpstreamException(UpstreamFailure.HttpStatus, "dms", VendorText, http, "APIGW.0301", "req-9"));

        Assert.DoesNotContain("acme-prod-42", rpc.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("APIGW.0301", rpc.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("refused the gateway's own credentials", rpc.Status.Detail, StringComparison.Ordinal);
        var info = Info(rpc);
        Assert.Equal("APIGW.0301", info.Metadata["upstreamErrorCode"]);
        Assert.Equal("req-9", info.Metadata["upstreamRequestId"]);
        Assert.Equal(http.ToString(System.Globalization.CultureInfo.InvariantCulture), info.Metadata["upstreamHttpStatus"]);
        Assert.False(ErrorMapper.ShowsUpstreamText(new UpstreamException(UpstreamFailure.HttpStatus, "dms", VendorText, http)));
    }

    [Theory]
    [InlineData(401, StatusCode.Unauthenticated)]
    [InlineData(403, StatusCode.PermissionDenied)]
    public void Map_CallersOwnTokenRefused_KeepsVendorText(int http, StatusCode code)
    {
        var rpc = ErrorMapper.Map(new UpstreamException(UpstreamFailure.HttpStatus, "astra", "token expired", http) { CallerCredentials = true });

        Assert.Equal(code, rpc.StatusCode);
        Assert.Contains("token expired", rpc.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("x-upstream-token", rpc.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(404)]
    [InlineData(410)]
    [InlineData(422)]
    public void Map_AboutTheCallersRequest_KeepsVendorText(int http)
    {
        var rpc = ErrorMapper.Map(new UpstreamException(UpstreamFailure.HttpStatus, "iotda", "IOTDA.014016: The task does not exist", http, "IOTDA.014016"));

        Assert.Contains("The task does not exist", rpc.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(409)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(418)]
    public void Map_AboutTheGatewaysAccountOrTheBackend_WithholdsVendorText(int http)
    {
        var rpc = ErrorMapper.Map(new UpstreamException(UpstreamFailure.HttpStatus, "dms", VendorText, http, "APIGW.0301", "req-9"));

        Assert.DoesNotContain("acme-prod-42", rpc.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("APIGW.0301", Info(rpc).Metadata["upstreamErrorCode"]);
    }

    [Fact]
    public void Map_BackendRefusesGatewayBuiltParameters_WithholdsVendorText()
    {
        var rpc = ErrorMapper.Map(new UpstreamException(UpstreamFailure.HttpStatus, "astra", "continue token of tenant acme-prod-42 expired", 400,
            invalidParams: [new("continue", "expired")]));

        Assert.DoesNotContain("acme-prod-42", rpc.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Invalid token: sandbox-astra-token-0123456789abcdef", "sandbox-astra-token-0123456789abcdef")]
    [InlineData("Authorization=Bearer abc.def", "abc.def")]
    [InlineData("X-Auth-Token: MIIEhgYJKoZIhvcNAQcCoIIEdzCCBHMCAQExDTALBglghkgBZQMEAgEw refused", "MIIEhgYJKoZIhvcNAQcCoIIEdzCCBHMCAQExDTALBglghkgBZQMEAgEw")]
    [InlineData("signature mismatch, expected sig=0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a6978", "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a6978")]
    [InlineData("access key AKIAIOSFODNN7EXAMPLE is disabled", "AKIAIOSFODNN7EXAMPLE")]
    [InlineData("refused access_token=abc123 for the request", "abc123")]
    [InlineData("api_key: k-77x is revoked", "k-77x")]
    [InlineData("client_secret='s3cr3t' does not match", "s3cr3t")]
    [InlineData("AccessKeyId=QTWAOYTTINDUT2QVKYUC is unknown", "QTWAOYTTINDUT2QVKYUC")]
    public void ForLog_CredentialLikeText_Redacted(string text, string secret)
    {
        var logged = UpstreamText.ForLog(text);

        Assert.DoesNotContain(secret, logged, StringComparison.Ordinal);
        Assert.Contains("[redacted]", logged, StringComparison.Ordinal);
    }

    [Fact]
    public void ForLog_PlainText_Unchanged() =>
        Assert.Equal("APIGW.0301: Incorrect IAM authentication information: account is frozen", UpstreamText.ForLog("APIGW.0301: Incorrect IAM authentication information: account is frozen"));

    private static ErrorInfo Info(RpcException rpc) => rpc.GetRpcStatus()!.GetDetail<ErrorInfo>();
}
