using Microsoft.Extensions.Options;
using TaskGateway.Hosting;
using TaskGateway.Sandbox;
using TaskGateway.Security;

namespace TaskGateway.Tests.Hosting;

public class HostOptionsValidatorTests
{
    [Fact]
    public void HostingValidator_EveryValueWrong_EveryErrorAtOnceNamingTheFullKey()
    {
        var result = new HostingOptionsValidator().Validate(null, new HostingOptions { Address = "localhost:5000", GrpcPort = -1, RestPort = 70000 });

        Assert.Equal(
            ["TaskGateway:Hosting:Address: 'localhost:5000' is not an IP address.", "TaskGateway:Hosting:GrpcPort: must be from 0 to 65535.", "TaskGateway:Hosting:RestPort: must be from 0 to 65535."],
            result.Failures);
    }

    [Theory]
    [InlineData("127.0.0.1", 5000, 5080)]
    [InlineData("::1", 0, 0)]
    [InlineData("0.0.0.0", 65535, 1)]
    public void HostingValidator_ValidSettings_Succeeds(string address, int grpc, int rest) =>
        Assert.True(new HostingOptionsValidator().Validate(null, new HostingOptions { Address = address, GrpcPort = grpc, RestPort = rest }).Succeeded);

    [Theory]
    [InlineData("0.0.0.0", false, false, false)]
    [InlineData("10.1.2.3", false, false, false)]
    [InlineData("0.0.0.0", true, false, true)]
    [InlineData("0.0.0.0", false, true, true)]
    [InlineData("127.0.0.1", false, false, true)]
    [InlineData("::1", false, false, true)]
    public void ExposureRule_AddressAndCallers_RefusedOnlyBeyondLoopbackWithNobodyChecking(string address, bool apiKey, bool allowRemote, bool valid)
    {
        var callers = new CallerOptions { AllowUnauthenticatedRemote = allowRemote };
        if (apiKey)
        {
            callers.ApiKeys["ops"] = "an-api-key-of-enough-length-0123456789";
        }

        var result = new ExposureRule(BoundOptions<CallerOptions>.Of(callers)).Validate(null, new HostingOptions { Address = address });

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.StartsWith($"TaskGateway:Hosting:Address is {address}, beyond loopback", Assert.Single(result.Failures!), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(-0.1, false)]
    [InlineData(1.5, false)]
    [InlineData(double.NaN, false)]
    [InlineData(0.0, true)]
    [InlineData(0.25, true)]
    [InlineData(1.0, true)]
    public void TelemetryValidator_TraceSampleRatio_OnlyZeroToOne(double ratio, bool valid)
    {
        var result = new TelemetryOptionsValidator().Validate(null, new TelemetryOptions { TraceSampleRatio = ratio });

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.StartsWith("TaskGateway:Telemetry:TraceSampleRatio: ", Assert.Single(result.Failures!), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(null, false, 0.0)]
    [InlineData(null, true, 1.0)]
    [InlineData(0.25, true, 0.25)]
    [InlineData(0.5, false, 0.5)]
    public void TelemetryOptions_EffectiveSampleRatio_ConfiguredOrByExporter(double? configured, bool exporter, double expected) =>
        Assert.Equal(expected, new TelemetryOptions { TraceSampleRatio = configured }.EffectiveSampleRatio(exporter));

    [Theory]
    [InlineData(null, true)]
    [InlineData("http://collector:4317", true)]
    [InlineData("no scheme, no host", false)]
    public void OtlpValidator_Endpoint_AbsoluteUrlWithoutEchoingIt(string? endpoint, bool valid)
    {
        var result = new OtlpExportOptionsValidator().Validate(null, new OtlpExportOptions { Endpoint = endpoint });

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            var failure = Assert.Single(result.Failures!);
            Assert.StartsWith("OTEL_EXPORTER_OTLP_ENDPOINT: ", failure, StringComparison.Ordinal);
            Assert.DoesNotContain(endpoint!, failure, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void SandboxValidator_EveryValueWrong_EveryErrorAtOnceNamingTheFullKey()
    {
        var result = new SandboxOptionsValidator().Validate(null, new SandboxOptions
        {
            Port = 70000, Latency = TimeSpan.FromSeconds(-1), ErrorRate = 2, ThrottleEvery = -1, RequestLogCapacity = 0,
        });

        Assert.Equal(5, result.Failures!.Count());
        Assert.All(result.Failures!, f => Assert.StartsWith("TaskGateway:Sandbox:", f, StringComparison.Ordinal));
        Assert.True(new SandboxOptionsValidator().Validate(null, new SandboxOptions()).Succeeded);
    }

    [Fact]
    public void SecretsValidator_PathWithNullCharacter_RefusedNamingTheKey()
    {
        var result = new SecretsOptionsValidator().Validate(null, new SecretsOptions { SecretsDirectory = "/run/\0secrets" });

        Assert.StartsWith("TaskGateway:SecretsDirectory: ", Assert.Single(result.Failures!), StringComparison.Ordinal);
        Assert.True(new SecretsOptionsValidator().Validate(null, new SecretsOptions()).Succeeded);
    }
}
