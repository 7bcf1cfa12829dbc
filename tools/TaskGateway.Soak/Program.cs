using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TaskGateway.Contracts.V1;
using TaskGateway.Hosting;
using TaskGateway.Sandbox;
using TaskGateway.Soak;

// Soak: the real gateway against the real sandbox, mixed gRPC load with injected faults, for a bounded time.
// Usage: dotnet run -c Release --project tools/TaskGateway.Soak -- --duration 00:05:00 --concurrency 16 --watchers 50
var settings = SoakSettings.Parse(args);
await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions
{
    ErrorRate = settings.ErrorRate,
    ThrottleEvery = 200,
    ThrottleBurst = 3,

    // The sandbox shares the process: keep its request log small so that memory figures are the gateway's.
    RequestLogCapacity = 1_000,
}, TimeProvider.System);

var config = sandbox.SourceConfiguration().ToDictionary(kv => "TaskGateway:Sources:" + kv.Key, kv => kv.Value);
config["TaskGateway:Hosting:GrpcPort"] = "0";
config["TaskGateway:Hosting:RestPort"] = "0";
config["TaskGateway:Callers:MaxWatchStreams"] = "100000";
foreach (var alias in SandboxServer.Aliases)
{
    config[$"TaskGateway:Sources:{alias}:AttemptTimeout"] = "00:00:02";
    config[$"TaskGateway:Sources:{alias}:TotalTimeout"] = "00:00:05";
    config[$"TaskGateway:Sources:{alias}:MinPollInterval"] = "00:00:01";
    config[$"TaskGateway:Sources:{alias}:MaxPollInterval"] = "00:00:03";
}

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
builder.Configuration.AddInMemoryCollection(config);
builder.Logging.ClearProviders();
builder.AddTaskGateway();
await using var app = builder.Build();
app.UseTaskGateway();
await app.StartAsync();

var grpc = app.Services.GetRequiredService<GatewayAddresses>().Grpc;
using var channel = GrpcChannel.ForAddress(grpc, new GrpcChannelOptions
{
    HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
    MaxRetryAttempts = 0,
});
var client = new TaskService.TaskServiceClient(channel);
var report = new SoakReport();
var faults = new Dictionary<string, int>(StringComparer.Ordinal);

Console.WriteLine($"soak: {settings.Duration} of load, {settings.Concurrency} unary workers, {settings.Watchers} watch loops, sandbox error rate {settings.ErrorRate:P0}, 429 bursts every 200 requests, one injected fault every 50 ms");

// Warm up (JIT, connection pools) before the first memory sample.
using (var warm = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
{
    await RunAsync(warm.Token, new SoakReport());
}

var start = SoakReport.Sample();
var upstreamBefore = sandbox.Requests.Count;
var clock = Stopwatch.StartNew();
using (var stop = new CancellationTokenSource(settings.Duration))
{
    await RunAsync(stop.Token, report);
}

var elapsed = clock.Elapsed;
sandbox.Faults.Clear();
var end = SoakReport.Sample();
var upstream = sandbox.Requests.Count - upstreamBefore;

Console.WriteLine($"duration         {elapsed:hh\\:mm\\:ss}");
Console.WriteLine($"calls            {report.Total} ({report.Total / elapsed.TotalSeconds:F0}/s), watch events {report.WatchEvents}");
Console.WriteLine($"upstream calls   {upstream} ({upstream / elapsed.TotalSeconds:F0}/s)");
Console.WriteLine("outcomes by call and status:");
foreach (var line in report.Lines())
{
    Console.WriteLine(line);
}

Console.WriteLine("faults injected: " + string.Join(", ", faults.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key} {f.Value}")));
Console.WriteLine($"memory at start  {start}");
Console.WriteLine($"memory at end    {end}");
Console.WriteLine($"unexpected statuses (UNKNOWN or INTERNAL): {report.Unexpected}");
foreach (var detail in report.UnexpectedDetails)
{
    Console.WriteLine("  " + detail);
}

return report.Unexpected == 0 ? 0 : 1;

async Task RunAsync(CancellationToken stop, SoakReport into)
{
    var workers = Enumerable.Range(0, settings.Concurrency).Select(i => UnaryLoopAsync(i, stop, into));
    var watchers = Enumerable.Range(0, settings.Watchers).Select(i => WatchLoopAsync(i, stop, into));
    await Task.WhenAll([.. workers, .. watchers, settings.Faults ? InjectLoopAsync(stop) : Task.CompletedTask]);
}

async Task UnaryLoopAsync(int seed, CancellationToken stop, SoakReport into)
{
    var random = new Random(seed);
    while (!stop.IsCancellationRequested)
    {
        var roll = random.Next(100);
        var kind = roll < 60 ? "GetTask" : roll < 95 ? "ListTasks" : "ListSources";
        var deadline = DateTime.UtcNow.AddSeconds(10);
        try
        {
            switch (kind)
            {
                case "GetTask":
                    await client.GetTaskAsync(new GetTaskRequest { Name = SoakTargets.Tasks[random.Next(SoakTargets.Tasks.Length)] }, deadline: deadline);
                    break;
                case "ListTasks":
                    await client.ListTasksAsync(new ListTasksRequest { Parent = SoakTargets.Parents[random.Next(SoakTargets.Parents.Length)], PageSize = 10 }, deadline: deadline);
                    break;
                default:
                    await client.ListSourcesAsync(new ListSourcesRequest(), deadline: deadline);
                    break;
            }

            into.Count(kind, StatusCode.OK);
        }
        catch (RpcException e)
        {
            into.Count(kind, e.StatusCode, e.Status.Detail);
        }
    }
}

async Task WatchLoopAsync(int seed, CancellationToken stop, SoakReport into)
{
    var random = new Random(1000 + seed);
    while (!stop.IsCancellationRequested)
    {
        try
        {
            using var call = client.WatchTask(new WatchTaskRequest { Name = SoakTargets.Tasks[random.Next(SoakTargets.Tasks.Length)] }, cancellationToken: stop);
            while (await call.ResponseStream.MoveNext(stop))
            {
                into.WatchEvent();
            }

            into.Count("WatchTask", StatusCode.OK);

            // The task is done: watch it again a little later, as a client with many tasks would.
            await Task.Delay(random.Next(500, 2000), stop);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && stop.IsCancellationRequested)
        {
        }
        catch (RpcException e)
        {
            into.Count("WatchTask", e.StatusCode, e.Status.Detail);
        }
        catch (OperationCanceledException)
        {
        }
    }
}

async Task InjectLoopAsync(CancellationToken stop)
{
    var random = new Random(99);
    using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
    try
    {
        while (await timer.WaitForNextTickAsync(stop))
        {
            // Faults wait for a matching request; never let them pile up faster than traffic takes them.
            if (sandbox.Faults.Pending > 50)
            {
                continue;
            }

            var (name, fault) = SoakTargets.Faults[random.Next(SoakTargets.Faults.Length)];
            sandbox.Faults.Enqueue(SoakTargets.Paths[random.Next(SoakTargets.Paths.Length)], fault);
            lock (faults)
            {
                faults[name] = faults.GetValueOrDefault(name) + 1;
            }
        }
    }
    catch (OperationCanceledException)
    {
    }
}
