using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TaskGateway.Hosting;
using TaskGateway.WebConsole;

namespace TaskGateway.Tests.WebConsole;

public class ConsoleOptionsTests
{
    private static WebApplicationBuilder Builder(params (string Key, string Value)[] settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        return builder;
    }

    [Fact]
    public void AddTaskGatewayConsole_Unset_EnabledWithItsServices()
    {
        var builder = Builder();

        builder.AddTaskGatewayConsole();
        using var app = builder.Build();

        Assert.True(app.Services.GetRequiredService<IOptions<ConsoleOptions>>().Value.Enabled);
        Assert.NotNull(app.Services.GetService<ConsoleAssets>());
    }

    [Fact]
    public void AddTaskGatewayConsole_EnabledFalse_NothingToMap()
    {
        var builder = Builder(("TaskGateway:Console:Enabled", "false"));

        builder.AddTaskGatewayConsole();
        using var app = builder.Build();

        Assert.False(app.Services.GetRequiredService<IOptions<ConsoleOptions>>().Value.Enabled);
        Assert.Null(app.Services.GetService<ConsoleAssets>());
        Assert.Null(app.Services.GetService<ConsoleConfigFactory>());
    }

    [Fact]
    public void AddTaskGatewayConsole_EnabledNotABool_ReportedAtStartNamingTheKey()
    {
        var builder = Builder(("TaskGateway:Console:Enabled", "sometimes"));

        builder.AddTaskGatewayConsole();
        using var app = builder.Build();
        var e = Assert.Throws<GatewayConfigurationException>(() => app.Services.GetRequiredService<IOptions<ConsoleOptions>>().Value);

        Assert.Contains("TaskGateway:Console:Enabled", Assert.Single(e.Failures), StringComparison.Ordinal);
    }
}
