using Microsoft.Extensions.Options;
using TaskGateway.Hosting;
using TaskGateway.Sandbox;
using TaskGateway.Security;

namespace TaskGateway.WebConsole;

/// <summary>Builds /console/config.json from the bound addresses, the callers' settings and whether the sandbox serves the sources.</summary>
internal sealed class ConsoleConfigFactory
{
    private readonly GatewayAddresses _addresses;
    private readonly IOptions<CallerOptions> _callers;
    private readonly bool _sandbox;

    public ConsoleConfigFactory(GatewayAddresses addresses, IOptions<CallerOptions> callers, IServiceProvider services)
        // Registered only when the embedded sandbox started and its sources were configured (SandboxExtensions).
        : this(addresses, callers, sandboxServesSources: services.GetService<SandboxServer>() is not null)
    {
    }

    internal ConsoleConfigFactory(GatewayAddresses addresses, IOptions<CallerOptions> callers, bool sandboxServesSources)
    {
        _addresses = addresses;
        _callers = callers;
        _sandbox = sandboxServesSources;
    }

    public ConsoleConfig Create()
    {
        var callers = _callers.Value;
        var authentication = new List<string>(2);
        if (callers.ApiKeys.Count > 0)
        {
            authentication.Add("apiKey");
        }

        if (callers.Jwt.Enabled)
        {
            authentication.Add("jwt");
        }

        return new ConsoleConfig(_addresses.Grpc.Port, authentication, _sandbox ? ConsoleExamples.ForSandbox() : []);
    }
}
