using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TaskGateway.Hosting;

namespace TaskGateway.Tests.Hosting;

public class OptionsRegistrationTests
{
    [Fact]
    public void AddGatewayOptions_InvalidSection_EveryFailureAsGatewayConfigurationException()
    {
        using var services = Services(s => s.AddGatewayOptions<HostingOptions, HostingOptionsValidator>(Configuration(("TaskGateway:Hosting:Address", "nowhere"), ("TaskGateway:Hosting:GrpcPort", "-2")), HostingOptions.SectionName));

        var e = Assert.Throws<GatewayConfigurationException>(() => services.GetRequiredService<IOptions<HostingOptions>>().Value);

        Assert.Equal(["TaskGateway:Hosting:Address: 'nowhere' is not an IP address.", "TaskGateway:Hosting:GrpcPort: must be from 0 to 65535."], e.Failures);
    }

    [Fact]
    public void AddGatewayOptions_ValueThatDoesNotConvert_ReportedNamingTheKey()
    {
        using var services = Services(s => s.AddGatewayOptions<TelemetryOptions, TelemetryOptionsValidator>(Configuration(("TaskGateway:Telemetry:TraceSampleRatio", "half")), TelemetryOptions.SectionName));

        var e = Assert.Throws<GatewayConfigurationException>(() => services.GetRequiredService<IOptions<TelemetryOptions>>().Value);

        Assert.Contains("TaskGateway:Telemetry:TraceSampleRatio", Assert.Single(e.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void BindEarly_ValidSection_IOptionsReturnsTheSameInstance()
    {
        var builder = Builder(("TaskGateway:Telemetry:TraceSampleRatio", "0.5"));

        var early = builder.BindEarly<TelemetryOptions, TelemetryOptionsValidator>(TelemetryOptions.SectionName);
        using var app = builder.Build();

        Assert.Equal(0.5, early.TraceSampleRatio);
        Assert.Same(early, app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value);
    }

    [Fact]
    public void BindEarly_InvalidValues_ConversionAndValidationFailuresTogether()
    {
        var builder = Builder(("TaskGateway:Hosting:GrpcPort", "many"), ("TaskGateway:Hosting:Address", "nowhere"));

        builder.BindEarly<HostingOptions, HostingOptionsValidator>(HostingOptions.SectionName);
        using var app = builder.Build();
        var e = Assert.Throws<GatewayConfigurationException>(() => app.Services.GetRequiredService<IOptions<HostingOptions>>().Value);

        Assert.Equal(2, e.Failures.Count());
        Assert.Contains(e.Failures, f => f.Contains("TaskGateway:Hosting:GrpcPort", StringComparison.Ordinal));
        Assert.Contains("TaskGateway:Hosting:Address: 'nowhere' is not an IP address.", e.Failures);
    }

    [Fact]
    public void BoundOptions_InvalidSection_ReadAsBoundWithoutValidating()
    {
        using var services = Services(s => s.AddGatewayOptions<HostingOptions, HostingOptionsValidator>(Configuration(("TaskGateway:Hosting:Address", "nowhere")), HostingOptions.SectionName));

        Assert.Equal("nowhere", services.GetRequiredService<BoundOptions<HostingOptions>>().Value.Address);
    }

    [Fact]
    public void SourceAliases_ConfiguredSources_TheirAliases()
    {
        var configuration = Configuration(("TaskGateway:Sources:dms:Kind", "Dms"), ("TaskGateway:Sources:astra:Endpoint", "http://x"), ("TaskGateway:Hosting:Address", "::1"));

        Assert.Equal(["astra", "dms"], OptionsRegistration.SourceAliases(configuration).Order(StringComparer.Ordinal));
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    private static ServiceProvider Services(Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection();
        configure(services);
        return services.BuildServiceProvider();
    }

    private static WebApplicationBuilder Builder(params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        return builder;
    }
}
