using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TaskGateway.Events.Engine;

namespace TaskGateway.Tests.Events.Engine;

public class EngineRegistrationTests
{
    [Fact]
    public void AddEventEngine_Services_ChangesSignalAndBothHostedServices()
    {
        var services = new ServiceCollection().AddEventEngine();

        Assert.Contains(services, d => d.ServiceType == typeof(SubscriptionChanges) && d.Lifetime == ServiceLifetime.Singleton);
        Assert.Contains(services, d => d.ServiceType == typeof(OutboxSignal) && d.Lifetime == ServiceLifetime.Singleton);
        var hosted = services.Where(d => d.ServiceType == typeof(IHostedService)).Select(d => d.ImplementationType).ToList();
        Assert.Equal([typeof(SubscriptionWatcher), typeof(OutboxDispatcher)], hosted);
    }
}
