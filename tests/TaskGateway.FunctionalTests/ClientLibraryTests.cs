using System.Collections.Concurrent;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TaskGateway.Client;
using TaskGateway.Contracts.V1;

namespace TaskGateway.FunctionalTests;

/// <summary>TaskGateway.Client through DI against the real gateway, and its reconnects against a test server.</summary>
public class ClientLibraryTests
{
    private static ServiceProvider Services(Uri address, string? apiKey = null)
    {
        var services = new ServiceCollection();
        services.AddTaskGatewayClient(o =>
        {
            o.Address = address;
            o.ApiKey = apiKey;
            o.ReconnectDelay = TimeSpan.Zero;
        });
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task WaitUntilDoneAsync_FailedTask_ReturnsItsFinalState()
    {
        await using var gateway = await GatewayInstance.StartWithSourcesAsync();
        await using var services = Services(gateway.GrpcAddress);
        var seen = new List<CloudTask>();

        var task = await services.GetRequiredService<TaskWaiter>().WaitUntilDoneAsync(Names.AstraFailed, new SyncProgress(seen.Add));

        Assert.True(task.Done);
        Assert.Equal(CloudTask.Types.State.Failed, task.State);
        Assert.Equal(task, Assert.Single(seen));
    }

    [Fact]
    public async Task Client_ApiKeyConfigured_SentOnEveryCall()
    {
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(configure: s => s["TaskGateway:Callers:ApiKeys:app"] = "app-key-0123456789abcdefghijklmn");
        await using var keyed = Services(gateway.GrpcAddress, "app-key-0123456789abcdefghijklmn");
        await using var anonymous = Services(gateway.GrpcAddress);

        var response = await keyed.GetRequiredService<TaskService.TaskServiceClient>().GetTaskAsync(new GetTaskRequest { Name = Names.AstraLive });
        var task = await keyed.GetRequiredService<TaskWaiter>().WaitUntilDoneAsync(Names.AstraFailed);
        var e = await Assert.ThrowsAsync<RpcException>(() => anonymous.GetRequiredService<TaskService.TaskServiceClient>().GetTaskAsync(new GetTaskRequest { Name = Names.AstraLive }).ResponseAsync);

        Assert.Equal(Names.AstraLive, response.Task.Name);
        Assert.True(task.Done);
        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
    }

    [Fact]
    public async Task WaitUntilDoneAsync_StreamBreaksTwice_ResumesWithLastTokenAndReturnsDone()
    {
        var service = new FlakyTaskService();
        await using var server = await StartAsync(service);
        await using var services = Services(server.Address);

        var task = await services.GetRequiredService<TaskWaiter>().WaitUntilDoneAsync("sources/x/tasks/1");

        Assert.Equal(CloudTask.Types.State.Succeeded, task.State);
        Assert.Equal(["", "token-1", "token-2"], service.ResumeTokens);
    }

    [Fact]
    public async Task WaitUntilDoneAsync_PermanentError_Thrown()
    {
        await using var gateway = await GatewayInstance.StartWithSourcesAsync();
        await using var services = Services(gateway.GrpcAddress);
        var e = await Assert.ThrowsAsync<RpcException>(() => services.GetRequiredService<TaskWaiter>().WaitUntilDoneAsync("not/a/task/name"));
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
    }

    private static async Task<TestServer> StartAsync(FlakyTaskService service)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(service);
        var app = builder.Build();
        app.MapGrpcService<FlakyTaskService>();
        await app.StartAsync();
        return new TestServer(app, new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()));
    }

    private sealed record TestServer(WebApplication App, Uri Address) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }

    private sealed class SyncProgress(Action<CloudTask> report) : IProgress<CloudTask>
    {
        public void Report(CloudTask value) => report(value);
    }

    /// <summary>Sends one state per call and then breaks the stream, until the third call, which ends with done.</summary>
    internal sealed class FlakyTaskService : TaskService.TaskServiceBase
    {
        private readonly ConcurrentQueue<string> _tokens = new();

        public IReadOnlyList<string> ResumeTokens => [.. _tokens];

        public override async Task WatchTask(WatchTaskRequest request, IServerStreamWriter<WatchTaskResponse> responseStream, ServerCallContext context)
        {
            _tokens.Enqueue(request.ResumeToken);
            var call = _tokens.Count;
            var done = call == 3;
            await responseStream.WriteAsync(new WatchTaskResponse
            {
                Type = call == 1 ? WatchEventType.Initial : WatchEventType.Modified,
                ResumeToken = "token-" + call,
                Task = new CloudTask { Name = request.Name, State = done ? CloudTask.Types.State.Succeeded : CloudTask.Types.State.Running, Done = done },
            });
            if (!done)
            {
                throw new RpcException(new Status(StatusCode.Unavailable, "connection lost"));
            }
        }
    }
}
