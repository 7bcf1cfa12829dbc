using Microsoft.AspNetCore.Http;
using TaskGateway.Security;

namespace TaskGateway.Tests.Security;

/// <summary>
/// The Host header as sent (with or without a port) gets the same answer from the allocation-free fast path as from
/// the full check on its host part: the fast path accepts nothing the full rule refuses.
/// </summary>
public class LoopbackHostHeaderTests
{
    [Theory]
    [InlineData("127.0.0.1:5000", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("localhost:5000", true)]
    [InlineData("LOCALHOST", true)]
    [InlineData("[::1]:5080", true)]
    [InlineData("[::1]", true)]
    [InlineData("127.255.0.9:80", true)]
    [InlineData("127.0.0.1.evil.example:5000", false)]
    [InlineData("127.0.0.10.example", false)]
    [InlineData("localhost.evil.example:5000", false)]
    [InlineData("evil.example:127.0.0.1", false)]
    [InlineData("[::1].evil:5000", true)] // the full rule reads the same host: HostString.Host is "[::1]"
    [InlineData("[::]:5000", false)]
    [InlineData("0.0.0.0:5000", false)]
    [InlineData("10.1.2.3:5000", false)]
    [InlineData("", false)]
    public void IsLoopbackHost_HostHeader_SameAnswerAsTheFullRule(string header, bool expected)
    {
        var host = new HostString(header);
        Assert.Equal(expected, LocalOnlyMiddleware.IsLoopbackHost(host));
        Assert.Equal(LocalOnlyMiddleware.IsLoopbackHost(host.Host), LocalOnlyMiddleware.IsLoopbackHost(host));
    }
}
