using Microsoft.Extensions.Options;
using TaskGateway.Hosting;
using TaskGateway.Sandbox;
using TaskGateway.Security;
using TaskGateway.WebConsole;

namespace TaskGateway.Tests.WebConsole;

public class ConsoleConfigFactoryTests
{
    private static readonly GatewayAddresses Addresses = new(new FakeServer("http://127.0.0.1:6100", "http://127.0.0.1:6180"));

    private static ConsoleConfig Create(CallerOptions callers, bool sandbox) =>
        new ConsoleConfigFactory(Addresses, Options.Create(callers), sandbox).Create();

    [Fact]
    public void Create_Sandbox_GrpcPortNoAuthenticationAndALiveCollectionAndTaskPerSource()
    {
        var config = Create(new CallerOptions(), sandbox: true);

        Assert.Equal(6100, config.GrpcPort);
        Assert.Empty(config.Authentication);
        foreach (var alias in SandboxServer.Aliases)
        {
            var paths = config.Examples.Where(e => e.Path.StartsWith($"/console/sources/{alias}/", StringComparison.Ordinal)).Select(e => e.Path).ToList();
            Assert.NotEmpty(paths);
            Assert.All(paths, p => Assert.Contains($"({alias})", config.Examples.Single(e => e.Path == p).Label, StringComparison.Ordinal));
        }

        Assert.Contains(config.Examples, e => e.Path.EndsWith("/tasks/" + SandboxIds.AstraLiveTask, StringComparison.Ordinal));
        Assert.Contains(config.Examples, e => e.Path.EndsWith($"/accounts/{SandboxIds.AstraAccount}/tasks", StringComparison.Ordinal));
        Assert.Contains(config.Examples, e => e.Path.EndsWith($"/instances/{SandboxIds.CloudDcLiveInstance}/status", StringComparison.Ordinal));
        Assert.Contains(config.Examples, e => e.Path.EndsWith("/scheduledTasks/" + SandboxIds.DmsLiveTask, StringComparison.Ordinal));
        Assert.Contains(config.Examples, e => e.Path.EndsWith("/exportTasks/" + SandboxIds.ExportLiveTask, StringComparison.Ordinal));
        Assert.Contains(config.Examples, e => e.Path.EndsWith("/tasks/" + SandboxIds.IotdaLiveTask, StringComparison.Ordinal));
    }

    [Fact]
    public void Create_ConfiguredSources_NoExamples() =>
        Assert.Empty(Create(new CallerOptions(), sandbox: false).Examples);

    [Fact]
    public void Create_ApiKeys_ApiKeyOnlyAndNoKeyInTheAnswer()
    {
        var callers = new CallerOptions { ApiKeys = new(StringComparer.Ordinal) { ["ops"] = "secret-key-0123456789abcdefghij" } };

        var config = Create(callers, sandbox: false);
        var json = System.Text.Json.JsonSerializer.Serialize(config, ConsoleEndpoints.Json);

        Assert.Equal(["apiKey"], config.Authentication);
        Assert.DoesNotContain("secret-key", json, StringComparison.Ordinal);
        Assert.DoesNotContain("ops", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_ApiKeysAndJwt_Both()
    {
        var callers = new CallerOptions
        {
            ApiKeys = new(StringComparer.Ordinal) { ["ops"] = "secret-key-0123456789abcdefghij" },
            Jwt = new CallerJwtOptions { SigningKey = Convert.ToBase64String(new byte[32]), Audience = "taskgateway" },
        };

        Assert.Equal(["apiKey", "jwt"], Create(callers, sandbox: false).Authentication);
    }

    [Fact]
    public void Json_Sandbox_CamelCaseAsTheContractSays()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(Create(new CallerOptions(), sandbox: true), ConsoleEndpoints.Json);

        Assert.StartsWith("{\"grpcPort\":6100,\"authentication\":[],\"examples\":[{\"label\":", json, StringComparison.Ordinal);
        Assert.Contains("\"path\":\"/console/sources/", json, StringComparison.Ordinal);
    }
}
