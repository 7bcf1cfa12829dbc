using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TaskGateway.Events;
using TaskGateway.Events.Webhooks;

namespace TaskGateway.Tests.Events.Webhooks;

public class WebhookRegistrationTests
{
    // Only what the host registers: a clock, logging and the options.
    private static ServiceProvider Provider(Action<IServiceCollection>? extra = null)
    {
        var services = new ServiceCollection()
            .AddSingleton(TimeProvider.System)
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .AddSingleton(Options.Create(new EventsOptions { AllowedSinkHosts = ["hooks.internal"] }));
        extra?.Invoke(services);
        return services.AddEventWebhooks().BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    [Fact]
    public void AddEventWebhooks_HostServicesOnly_ResolvesEveryPart()
    {
        using var provider = Provider();

        Assert.IsType<SinkValidator>(provider.GetRequiredService<ISinkValidator>());
        Assert.IsType<DnsHostResolver>(provider.GetRequiredService<IHostResolver>());
        Assert.NotNull(provider.GetRequiredService<RetrySchedule>());
        Assert.Same(provider.GetRequiredService<ISinkValidator>(), provider.GetRequiredService<ISinkValidator>());
    }

    [Fact]
    public void AddEventWebhooks_Options_PolicyUsesTheAllowlist()
    {
        using var provider = Provider();

        Assert.True(provider.GetRequiredService<SinkAddressPolicy>().IsAllowlisted("hooks.internal"));
    }

    [Fact]
    public async Task AddEventWebhooks_ResolverRegisteredFirst_KeptAndUsed()
    {
        var resolver = new FakeHostResolver().Answer("hooks.example.com", "10.0.0.1");
        using var provider = Provider(services => services.AddSingleton<IHostResolver>(resolver));

        var problem = await provider.GetRequiredService<ISinkValidator>().ValidateAsync("https://hooks.example.com/x", CancellationToken.None);

        Assert.Contains("a private address", problem, StringComparison.Ordinal);
    }
}
