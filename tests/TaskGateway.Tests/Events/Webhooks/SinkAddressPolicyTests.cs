using System.Net;
using TaskGateway.Events.Webhooks;

namespace TaskGateway.Tests.Events.Webhooks;

public class SinkAddressPolicyTests
{
    private static readonly SinkAddressPolicy Policy = new(["Hooks.Internal", "127.0.0.1", "[::1]", "10.1.2.3"]);

    [Theory]
    [InlineData("https://hooks.example.com/taskgateway")]
    [InlineData("https://hooks.example.com:8443/a/b?c=d")]
    [InlineData("https://8.8.8.8/hook")]
    [InlineData("https://[2001:db8::1]/hook")]
    [InlineData("http://hooks.internal/hook")]
    [InlineData("http://HOOKS.INTERNAL:8080/hook")]
    [InlineData("http://127.0.0.1:5000/hook")]
    [InlineData("http://[::1]:5000/hook")]
    [InlineData("https://10.1.2.3/hook")]
    [InlineData("http://2130706433/hook")]
    public void CheckUri_Acceptable_Null(string uri) => Assert.Null(Policy.CheckUri(uri));

    [Theory]
    [InlineData("hooks.example.com/x", "absolute URL")]
    [InlineData("/relative/path", "absolute URL")]
    [InlineData("", "absolute URL")]
    [InlineData("http://hooks.example.com/x", "must use https")]
    [InlineData("http://hooks.internal.evil.com/x", "must use https")]
    [InlineData("http://localhost/x", "must use https")]
    [InlineData("ftp://hooks.internal/x", "must use https")]
    [InlineData("file:///etc/passwd", "must use https")]
    [InlineData("https://user:pass@hooks.example.com/x", "user name or password")]
    [InlineData("https://user@hooks.example.com/x", "user name or password")]
    [InlineData("https://hooks.example.com/x#part", "fragment")]
    [InlineData("https://hooks.example.com/x#", "fragment")]
    [InlineData("https://127.0.0.2/x", "a loopback address")]
    [InlineData("https://10.1.2.4/x", "a private address")]
    [InlineData("https://169.254.169.254/latest/meta-data", "a cloud metadata address")]
    [InlineData("https://[::ffff:127.0.0.1]/x", "a loopback address")]
    [InlineData("https://[fd00:ec2::254]/x", "a cloud metadata address")]
    [InlineData("https://0x7f000002/x", "a loopback address")]
    [InlineData("https://2130706434/x", "a loopback address")]
    [InlineData("https://0177.0.0.2/x", "a loopback address")]
    [InlineData("https://127.2/x", "a loopback address")]
    [InlineData("https://[fe80::1%25eth0]/x", "a link-local address")]
    [InlineData("https://[2002:a9fe:a9fe::1]/x", "a cloud metadata address")]
    [InlineData("https://168.63.129.16/x", "a cloud metadata address")]
    public void CheckUri_Refused_SaysWhy(string uri, string expected)
    {
        var problem = Policy.CheckUri(uri);

        Assert.NotNull(problem);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckUri_RefusedAddressOrScheme_NamesTheSetting()
    {
        Assert.Contains("TaskGateway:Events:AllowedSinkHosts", Policy.CheckUri("https://192.168.1.1/x"), StringComparison.Ordinal);
        Assert.Contains("TaskGateway:Events:AllowedSinkHosts", Policy.CheckUri("http://hooks.example.com/x"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1", "a loopback")]
    [InlineData("127.255.255.254", "a loopback")]
    [InlineData("::1", "a loopback")]
    [InlineData("0.0.0.0", "an unspecified")]
    [InlineData("::", "an unspecified")]
    [InlineData("10.0.0.1", "a private")]
    [InlineData("10.255.255.255", "a private")]
    [InlineData("172.16.0.1", "a private")]
    [InlineData("172.31.255.255", "a private")]
    [InlineData("192.168.0.1", "a private")]
    [InlineData("fc00::1", "a private (unique local)")]
    [InlineData("fdff:ffff::1", "a private (unique local)")]
    [InlineData("100.64.0.1", "a shared (carrier-grade NAT)")]
    [InlineData("100.127.255.255", "a shared (carrier-grade NAT)")]
    [InlineData("169.254.0.1", "a link-local")]
    [InlineData("fe80::1", "a link-local")]
    [InlineData("febf::1", "a link-local")]
    [InlineData("224.0.0.1", "a multicast")]
    [InlineData("239.255.255.250", "a multicast")]
    [InlineData("ff02::1", "a multicast")]
    [InlineData("255.255.255.255", "the broadcast")]
    [InlineData("169.254.169.254", "a cloud metadata")]
    [InlineData("fd00:ec2::254", "a cloud metadata")]
    [InlineData("100.100.100.200", "a cloud metadata")]
    [InlineData("::ffff:127.0.0.1", "a loopback")]
    [InlineData("::ffff:10.0.0.1", "a private")]
    [InlineData("::ffff:169.254.169.254", "a cloud metadata")]
    [InlineData("::ffff:100.100.100.200", "a cloud metadata")]
    [InlineData("::127.0.0.1", "a loopback")]
    [InlineData("::192.168.1.1", "a private")]
    [InlineData("::169.254.169.254", "a cloud metadata")]
    [InlineData("64:ff9b::a9fe:a9fe", "a cloud metadata")]
    [InlineData("64:ff9b::7f00:1", "a loopback")]
    [InlineData("168.63.129.16", "a cloud metadata")]
    [InlineData("198.18.0.1", "a reserved (benchmarking)")]
    [InlineData("198.19.255.255", "a reserved (benchmarking)")]
    [InlineData("192.0.0.170", "a reserved (IETF protocol assignments)")]
    [InlineData("192.88.99.1", "a reserved (6to4 relay anycast)")]
    [InlineData("64:ff9b:1::a00:1", "a private (local-use NAT64)")]
    [InlineData("64:ff9b:1:ffff::1", "a private (local-use NAT64)")]
    [InlineData("2002:a00:1::1", "a private")]
    [InlineData("2002:7f00:1::1", "a loopback")]
    [InlineData("2002:a9fe:a9fe::1", "a cloud metadata")]
    [InlineData("2001:0:a00:1:8000:63bf:3fff:fdd2", "a private")]
    [InlineData("2001:0:4136:e378:8000:63bf:f5ff:fffe", "a private")]
    [InlineData("2001:0:4136:e378:8000:63bf:80ff:fffe", "a loopback")]
    public void Classify_RefusedAddress_Kind(string address, string expected) =>
        Assert.Equal(expected, SinkAddressPolicy.Classify(IPAddress.Parse(address)));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("9.255.255.255")]
    [InlineData("11.0.0.0")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.0")]
    [InlineData("192.167.255.255")]
    [InlineData("192.169.0.0")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.0")]
    [InlineData("169.253.255.255")]
    [InlineData("169.255.0.0")]
    [InlineData("126.255.255.255")]
    [InlineData("128.0.0.0")]
    [InlineData("223.255.255.255")]
    [InlineData("2001:db8::1")]
    [InlineData("2606:4700::1111")]
    [InlineData("fbff::1")]
    [InlineData("fe00::1")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("::8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("168.63.129.17")]
    [InlineData("198.17.255.255")]
    [InlineData("198.20.0.0")]
    [InlineData("192.0.1.0")]
    [InlineData("192.88.98.1")]
    [InlineData("64:ff9b:2::1")]
    [InlineData("2002:808:808::1")]
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2")]
    [InlineData("2001:1::1")]
    public void Classify_PublicAddress_Null(string address) => Assert.Null(SinkAddressPolicy.Classify(IPAddress.Parse(address)));

    [Theory]
    [InlineData("hooks.internal", "10.0.0.1", true)]
    [InlineData("HOOKS.internal", "169.254.169.254", true)]
    [InlineData("127.0.0.1", "127.0.0.1", true)]
    [InlineData("::1", "::1", true)]
    [InlineData("[::1]", "::1", true)]
    [InlineData("hooks.example.com", "8.8.8.8", true)]
    [InlineData("hooks.example.com", "127.0.0.1", false)]
    [InlineData("localhost", "127.0.0.1", false)]
    [InlineData("localhost", "::1", false)]
    [InlineData("hooks.internal.", "10.0.0.1", false)]
    [InlineData("sub.hooks.internal", "10.0.0.1", false)]
    public void Permits_HostAndAddress_AllowlistOrPublic(string host, string address, bool expected) =>
        Assert.Equal(expected, Policy.Permits(host, IPAddress.Parse(address)));

    [Fact]
    public void Refusal_ResolvedAddress_NamesHostKindAndSettingNotTheAddress()
    {
        var text = SinkAddressPolicy.Refusal("evil.example.com", IPAddress.Parse("10.0.0.7"));

        Assert.Contains("evil.example.com", text, StringComparison.Ordinal);
        Assert.Contains("resolves to a private address", text, StringComparison.Ordinal);
        Assert.DoesNotContain("10.0.0.7", text, StringComparison.Ordinal);
        Assert.Contains("TaskGateway:Events:AllowedSinkHosts", text, StringComparison.Ordinal);
    }
}
