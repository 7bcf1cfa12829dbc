using Microsoft.Extensions.Configuration;

namespace TaskGateway.Sandbox;

/// <summary>
/// The sandbox as a process of its own, so that several gateway replicas share one upstream:
/// <c>dotnet run --project src/TaskGateway.Sandbox -- --port 5900</c>. Every TaskGateway:Sandbox setting is accepted
/// (<c>--TaskGateway:Sandbox:Latency=00:00:00.05</c>). <c>--print-env</c> prints the gateway's source configuration for
/// that port as shell exports and exits.
/// </summary>
internal static class SandboxProgram
{
    public static async Task<int> Main(string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddCommandLine(args, new Dictionary<string, string> { ["--port"] = $"{SandboxOptions.SectionName}:Port" })
            .Build();
        var options = configuration.GetSection(SandboxOptions.SectionName).Get<SandboxOptions>() ?? new SandboxOptions();
        if (args.Contains("--print-env"))
        {
            if (options.Port == 0)
            {
                await Console.Error.WriteLineAsync("--print-env needs --port: the gateways must know where the sandbox listens.").ConfigureAwait(false);
                return 2;
            }

            foreach (var (key, value) in SandboxServer.SourceConfigurationFor(new Uri($"http://127.0.0.1:{options.Port}")))
            {
                Console.WriteLine($"export TaskGateway__Sources__{key.Replace(":", "__", StringComparison.Ordinal)}='{value}'");
            }

            return 0;
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();

        await using var sandbox = await SandboxServer.StartAsync(options, TimeProvider.System).ConfigureAwait(false);
        Console.WriteLine($"Sandbox listening on {sandbox.BaseAddress} (request counts at {sandbox.BaseAddress.ToString().TrimEnd('/')}{Middleware.RequestCountMiddleware.Path}). Ctrl+C to stop.");
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        return 0;
    }
}
