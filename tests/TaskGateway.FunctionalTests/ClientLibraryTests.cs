using System.Collections.Concurrent;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
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
    public async Task WaitUntilAsync_ConditionMet_ReturnsTheMatchingState()
    {
        await using var gateway = await GatewayInstance.StartWithSourcesAsync();
        await using var services = Services(gateway.GrpcAddress);

        var task = await services.GetRequiredService<TaskWaiter>().WaitUntilAsync(Names.AstraLive, "done = false");
        var e = await Assert.ThrowsAsync<RpcException>(() => services.GetRequiredService<TaskWaiter>().WaitUntilAsync(Names.AstraFailed, "state = SUCCEEDED"));

        Assert.Equal(Names.AstraLive, task.Name);
        Assert.False(task.Done);
        Assert.Equal(StatusCode.FailedPrecondition, e.StatusCode);
        Assert.Equal("WATCH_CONDITION_UNREACHABLE", e.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason);
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
    public async Task WaitUntilDoneAsync_GatewayDecidedInternal_ThrownWithoutReconnecting()
    {
        var service = new RefusingTaskService(StatusCode.Internal, new ErrorInfo { Reason = "UPSTREAM_CREDENTIALS_REJECTED", Domain = "taskgateway" });
        await using var server = await StartAsync(service);
        await using var services = Services(server.Address);

        var e = await Assert.ThrowsAsync<RpcException>(() => services.GetRequiredService<TaskWaiter>().WaitUntilDoneAsync("sources/x/tasks/1"));

        Assert.Equal(StatusCode.Internal, e.StatusCode);
        Assert.Equal(1, service.Calls);
    }

    [Fact]
    public async Task WaitUntilDoneAsync_ResumeTokenRefused_StartsOverWithoutIt()
    {
        var service = new FlakyTaskService { RefuseResumeToken = "token-1" };
        await using var server = await StartAsync(service);
        await using var services = Services(server.Address);

        var task = await services.GetRequiredService<TaskWaiter>().WaitUntilDoneAsync("sources/x/tasks/1");

        Assert.True(task.Done);
        Assert.Equal(["", "token-1", "", "token-3"], service.ResumeTokens);
    }

    [Fact]
    public async Task WaitUntilDoneAsync_PermanentError_Thrown()
    {
        await using var gateway = await GatewayInstance.StartWithSourcesAsync();
        await using var services = Services(gateway.GrpcAddress);
        var e = await Assert.ThrowsAsync<RpcException>(() => services.GetRequiredService<TaskWaiter>().WaitUntilDoneAsync("not/a/task/name"));
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
    }

    private static async Task<TestServer> StartAsync<TService>(TService service)
        where TService : TaskService.TaskServiceBase
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(service);
        var app = builder.Build();
        app.MapGrpcService<TService>();
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

    /// <summary>Refuses every watch with one status and ErrorInfo, counting the calls.</summary>
    internal sealed class RefusingTaskService(StatusCode code, ErrorInfo info) : TaskService.TaskServiceBase
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public override Task WatchTask(WatchTaskRequest request, IServerStreamWriter<WatchTaskResponse> responseStream, ServerCallContext context)
        {
            Interlocked.Increment(ref _calls);
            throw new Google.Rpc.Status { Code = (int)code, Message = "refused", Details = { Any.Pack(info) } }.ToRpcException();
        }
    }

    /// <summary>Sends one state per call and then breaks the stream, until the last call, which ends with done.</summary>
    internal sealed class FlakyTaskService : TaskService.TaskServiceBase
    {
        private readonly ConcurrentQueue<string> _tokens = new();

        public IReadOnlyList<string> ResumeTokens => [.. _tokens];

        /// <summary>A resume token this server answers INVALID_ARGUMENT to, as a gateway with another key would.</summary>
        public string? RefuseResumeToken { get; init; }

        public override async Task WatchTask(WatchTaskRequest request, IServerStreamWriter<WatchTaskResponse> responseStream, ServerCallContext context)
        {
            _tokens.Enqueue(request.ResumeToken);
            var call = _tokens.Count;
            if (request.ResumeToken.Length > 0 && request.ResumeToken == RefuseResumeToken)
            {
                var badRequest = new BadRequest { FieldViolations = { new BadRequest.Types.FieldViolation { Field = "resume_token", Description = "is not a resume token this gateway issued" } } };
                throw new Google.Rpc.Status { Code = (int)StatusCode.InvalidArgument, Message = "Invalid request", Details = { Any.Pack(badRequest) } }.ToRpcException();
            }

            var done = call == (RefuseResumeToken is null ? 3 : 4);
            await responseStream.WriteAsync(new WatchTaskResponse
            {
                Type = call == 1 ? WatchEventType.Initial : WatchEventType.Modified,
                ResumeToken = "token-" + call,
                Task = new CloudTask { Name = request.Name, State = done ? CloudTask.Types.State.Succeeded : CloudTask.Types.State.Running, Done = done },
            });
            if (!done)
            {
                throw new RpcException(new Grpc.Core.Status(StatusCode.Unavailable, "connection lost"));
            }
        }
    }
}
