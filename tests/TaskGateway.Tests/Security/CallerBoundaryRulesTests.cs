using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Tokens;
using TaskGateway.Security;

namespace TaskGateway.Tests.Security;

/// <summary>The rules of the callers' boundary, one at a time.</summary>
public class CallerBoundaryRulesTests
{
    [Theory]
    [InlineData("localhost", true)]
    [InlineData("LocalHost", true)]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.255.0.9", true)]
    [InlineData("[::1]", true)]
    [InlineData("::1", false)]
    [InlineData("app.localhost", false)]
    [InlineData("localhost.evil.example", false)]
    [InlineData("evil.example", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("[::]", false)]
    [InlineData("[::ffff:10.0.0.1]", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsLoopbackHost_Host_OnlyLoopbackNamesAndLiterals(string? host, bool expected) =>
        Assert.Equal(expected, LocalOnlyMiddleware.IsLoopbackHost(host));

    [Theory]
    [InlineData("http://127.0.0.1:5000", true)]
    [InlineData("http://localhost:5000", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("http://unix:/run/taskgateway.sock", true)]
    [InlineData("http://0.0.0.0:5000", false)]
    [InlineData("http://[::]:5000", false)]
    [InlineData("http://10.0.0.8:5000", false)]
    [InlineData("https://gateway.example:443", false)]
    public void IsLocal_BoundAddress_LoopbackOnly(string address, bool expected) => Assert.Equal(expected, ExposureCheck.IsLocal(address));

    [Theory]
    [InlineData("")]
    [InlineData("JWT")]
    [InlineData("jwt")]
    [InlineData("at+jwt")]
    [InlineData("application/at+jwt")]
    public void ValidateType_JwtOrAccessToken_Accepted(string type) =>
        Assert.Equal(type, SecurityExtensions.ValidateType(type, null!, new TokenValidationParameters()));

    [Theory]
    [InlineData("logout+jwt")]
    [InlineData("dpop+jwt")]
    [InlineData("JWE")]
    public void ValidateType_OtherType_Refused(string type) =>
        Assert.Throws<SecurityTokenInvalidTypeException>(() => SecurityExtensions.ValidateType(type, null!, new TokenValidationParameters()));

    private static DefaultHttpContext As(string authenticationType, params Claim[] claims) => new()
    {
        User = new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType)),
        Connection = { RemoteIpAddress = IPAddress.Loopback },
    };

    [Fact]
    public void Of_JwtWithCallerClaim_IssuerAndSubjectOnly()
    {
        var http = As(CallerIdentity.JwtAuthenticationType, new Claim("iss", "https://issuer.test"), new Claim("sub", "svc-a"), new Claim(CallerIdentity.CallerClaim, "apikey:alpha"));
        Assert.Equal("jwt:https://issuer.test|svc-a", CallerIdentity.Of(http));
    }

    [Fact]
    public void Of_ApiKey_ItsName() =>
        Assert.Equal("apikey:alpha", CallerIdentity.Of(As(ApiKeyAuthenticationHandler.SchemeName, new Claim(CallerIdentity.CallerClaim, "apikey:alpha"))));

    [Fact]
    public void Of_Anonymous_RemoteAddress() =>
        Assert.Equal("anonymous:127.0.0.1", CallerIdentity.Of(new DefaultHttpContext { Connection = { RemoteIpAddress = IPAddress.Loopback } }));

    [Fact]
    public void Validate_Defaults_CallsInFlight256AndEverySurfaceClosed()
    {
        var options = new CallerOptions();
        Assert.Equal(256, options.MaxCallsInFlight);
        Assert.False(options.Anonymous.Health || options.Anonymous.Reflection || options.Anonymous.Metrics || options.Anonymous.OpenApi);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1_000_001)]
    public void Validate_CallsInFlightOutOfRange_RefusedNamingTheKey(int limit)
    {
        var result = new CallerOptionsValidator().Validate(null, new CallerOptions { MaxCallsInFlight = limit, MaxWatchStreams = 0 });
        Assert.Contains(result.Failures!, f => f.StartsWith("TaskGateway:Callers:MaxCallsInFlight", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.StartsWith("TaskGateway:Callers:MaxWatchStreams", StringComparison.Ordinal));
    }
}
