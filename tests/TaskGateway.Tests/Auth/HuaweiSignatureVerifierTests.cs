using System.Text;
using TaskGateway.Sandbox.Middleware;

namespace TaskGateway.Tests.Auth;

/// <summary>
/// The sandbox's AK/SK verifier, against requests signed by Huawei's own SDKs (published test vectors), so the
/// sandbox is known to check what the API gateway checks independently of the gateway's signer.
/// </summary>
public class HuaweiSignatureVerifierTests
{
    // huaweicloud-sdk-python-v3, huaweicloud-sdk-core/tests/test_signer.py.
    private const string PythonSdkHost = "service.endpoint.myhuaweicloud.com";
    private const string PythonSdkDate = "20200608T023900Z";

    private static Func<string, string?> Headers(params (string Name, string Value)[] headers) =>
        name => headers.Where(h => h.Name == name).Select(h => h.Value).FirstOrDefault();

    private static string? SdkSecret(string accessKey) => accessKey == "AccessKey" ? "SecretKey" : null;

    [Fact]
    public void Verify_PythonSdkGetVector_Valid()
    {
        var check = HuaweiSignatureVerifier.Verify("GET", "/resources?size=1", Headers(("host", PythonSdkHost), ("x-sdk-date", PythonSdkDate)), [],
            "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, Signature=cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842",
            SdkSecret, "test-region-1");

        Assert.Equal(SignatureCheck.Valid, check);
    }

    [Fact]
    public void Verify_PythonSdkPostVector_ValidOverTheBody()
    {
        var check = HuaweiSignatureVerifier.Verify("POST", "/resources?size=1", Headers(("host", PythonSdkHost), ("x-sdk-date", PythonSdkDate)),
            Encoding.UTF8.GetBytes("{\"name\":\"test\",\"id\":1}"),
            "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, Signature=436b1ac0a1ae03705934bb70ef2f2e09f7bfed2117d731a38235053199323a1f",
            SdkSecret, "test-region-1");

        Assert.Equal(SignatureCheck.Valid, check);
    }

    [Fact]
    public void Verify_PythonSdkDerivedVector_Valid()
    {
        var check = HuaweiSignatureVerifier.Verify("GET", "/resources?size=1", Headers(("host", PythonSdkHost), ("x-sdk-date", PythonSdkDate)), [],
            "V11-HMAC-SHA256 Credential=AccessKey/20200608/test-region-1/demo, SignedHeaders=host;x-sdk-date, Signature=f7dfee056692e58dede80fc80cb89bbfabf45552dd7cd8d18a0a13484455b98e",
            SdkSecret, "test-region-1");

        Assert.Equal(SignatureCheck.Valid, check);
    }

    [Fact]
    public void Verify_PythonSdkVectorQueryChanged_BadSignature()
    {
        var check = HuaweiSignatureVerifier.Verify("GET", "/resources?size=2", Headers(("host", PythonSdkHost), ("x-sdk-date", PythonSdkDate)), [],
            "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, Signature=cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842",
            SdkSecret, "test-region-1");

        Assert.Equal(SignatureCheck.BadSignature, check);
    }

    [Fact]
    public void Verify_GoSdkVectorSignedOverDateOnly_RequiredHeaderNotSigned()
    {
        // huaweicloud-sdk-go-v3 core/auth/signer/signer_test.go: a correct signature over x-sdk-date alone. The
        // signature is right, but a request that does not sign its host could be replayed on another endpoint.
        var check = HuaweiSignatureVerifier.Verify("GET", "/path?limit=1", Headers(("host", "example.huaweicloud.com"), ("x-sdk-date", "20060102T150405Z")), [],
            "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, Signature=5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624",
            SdkSecret, "test-region-1");

        Assert.Equal(SignatureCheck.RequiredHeaderNotSigned, check);
    }

    [Fact]
    public void Verify_SecurityTokenSentButNotSigned_RequiredHeaderNotSigned()
    {
        var check = HuaweiSignatureVerifier.Verify("GET", "/resources?size=1",
            Headers(("host", PythonSdkHost), ("x-sdk-date", PythonSdkDate), ("x-security-token", "token")), [],
            "SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=host;x-sdk-date, Signature=cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842",
            SdkSecret, "test-region-1");

        Assert.Equal(SignatureCheck.RequiredHeaderNotSigned, check);
    }

    [Fact]
    public void Verify_UnknownAccessKey_UnknownKey()
    {
        var check = HuaweiSignatureVerifier.Verify("GET", "/resources?size=1", Headers(("host", PythonSdkHost), ("x-sdk-date", PythonSdkDate)), [],
            "SDK-HMAC-SHA256 Access=OtherKey, SignedHeaders=host;x-sdk-date, Signature=cfb4171acec81de07d50e53d57eb77edd537414d66ddb1d7d780f128e12cd842",
            SdkSecret, "test-region-1");

        Assert.Equal(SignatureCheck.UnknownKey, check);
    }

    [Fact]
    public void CanonicalRequest_HuaweiGuideVector_MatchesPublishedText()
    {
        var canonical = HuaweiSignatureVerifier.CanonicalRequest("GET", "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0",
            ["host", "content-type", "x-sdk-date"],
            Headers(("content-type", "application/json"), ("host", "service.region.example.com"), ("x-sdk-date", "20191115T033655Z")), []);

        Assert.Equal(
            "GET\n/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/\nlimit=2&marker=13551d6b-755d-4757-b956-536f674975c0\n"
            + "content-type:application/json\nhost:service.region.example.com\nx-sdk-date:20191115T033655Z\n\n"
            + "content-type;host;x-sdk-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            canonical);
    }

    [Fact]
    public void CanonicalRequest_GoSdkQueryVector_SortsAndEncodes()
    {
        var raw = "/?limit=1&enable=true&test=" + Uri.EscapeDataString("一 (&=?!#%.*)") + "&path=" + Uri.EscapeDataString("/tmp/123") + "&multi=3&multi=1&multi=2";

        var canonical = HuaweiSignatureVerifier.CanonicalRequest("GET", raw, [], _ => null, []);

        Assert.Equal("enable=true&limit=1&multi=1&multi=2&multi=3&path=%2Ftmp%2F123&test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29", canonical.Split('\n')[2]);
    }
}
