using TaskGateway.Backends.Huawei;

namespace TaskGateway.Tests.Auth;

public class HuaweiSignerTests
{
    [Fact]
    public void CanonicalRequest_HuaweiGuideVector_MatchesPublishedTextHashAndSignature()
    {
        var headers = new Dictionary<string, string>
        {
            ["content-type"] = "application/json",
            ["host"] = "service.region.example.com",
            ["x-sdk-date"] = "20191115T033655Z",
        };

        var canonical = HuaweiSigner.CanonicalRequest(
            "GET", "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs", "?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0", headers, HuaweiSigner.EmptyBodyHash);

        Assert.Equal(
            "GET\n/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/\nlimit=2&marker=13551d6b-755d-4757-b956-536f674975c0\n"
            + "content-type:application/json\nhost:service.region.example.com\nx-sdk-date:20191115T033655Z\n\n"
            + "content-type;host;x-sdk-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            canonical);
        Assert.Equal(
            "SDK-HMAC-SHA256\n20191115T033655Z\nb25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a",
            HuaweiSigner.StringToSign(canonical, "20191115T033655Z"));
        Assert.Equal("7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe", HuaweiSigner.Sign(canonical, "20191115T033655Z", "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc"));
    }

    [Fact]
    public void Sign_GoSdkVector_MatchesPublishedSignature()
    {
        var canonical = HuaweiSigner.CanonicalRequest("GET", "/path", "limit=1", [new("x-sdk-date", "20060102T150405Z")], HuaweiSigner.EmptyBodyHash);

        Assert.Equal("5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624", HuaweiSigner.Sign(canonical, "20060102T150405Z", "SecretKey"));
    }

    [Fact]
    public void SignDerived_GoSdkVector_MatchesPublishedHeader()
    {
        var canonical = HuaweiSigner.CanonicalRequest("GET", "/path", "limit=1", [new("x-sdk-date", "20060102T150405Z")], HuaweiSigner.EmptyBodyHash);
        var info = HuaweiSigner.DerivedInfo("20060102T150405Z", "test-region-1", "demo");

        var signature = HuaweiSigner.SignDerived(canonical, "20060102T150405Z", info, "AccessKey", "SecretKey");

        Assert.Equal(
            "V11-HMAC-SHA256 Credential=AccessKey/20060102/test-region-1/demo, SignedHeaders=x-sdk-date, Signature=8fd3610508884bb19718317797c7378716a94bc740d97502e569322e366341cc",
            HuaweiSigner.DerivedAuthorizationHeader("AccessKey", info, "x-sdk-date", signature));
    }

    [Fact]
    public void CanonicalQuery_PublishedQueryVector_SortsAndEncodes()
    {
        var raw = "limit=1&enable=true&test=" + Uri.EscapeDataString("一 (&=?!#%.*)") + "&path=" + Uri.EscapeDataString("/tmp/123") + "&multi=3&multi=1&multi=2";

        Assert.Equal("enable=true&limit=1&multi=1&multi=2&multi=3&path=%2Ftmp%2F123&test=%E4%B8%80%20%28%26%3D%3F%21%23%25.%2A%29", HuaweiSigner.CanonicalQuery(raw));
    }

    [Theory]
    [InlineData("", "/")]
    [InlineData("/", "/")]
    [InlineData("/v1/a b/c", "/v1/a%20b/c/")]
    [InlineData("/v1/a%2Fb", "/v1/a%2Fb/")]
    public void CanonicalUri_Segments_EncodedWithTrailingSlash(string path, string expected) =>
        Assert.Equal(expected, HuaweiSigner.CanonicalUri(path));

    [Theory]
    [InlineData("content-type", false)]
    [InlineData("TEST_UNDERSCORE", false)]
    [InlineData("x-sdk-date", true)]
    [InlineData("X-Project-Id", true)]
    public void IsSignable_SdkRules_Applied(string name, bool expected) => Assert.Equal(expected, HuaweiSigner.IsSignable(name));
}
