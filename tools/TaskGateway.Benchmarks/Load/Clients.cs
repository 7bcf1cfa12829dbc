using System.Net.Http.Headers;
using Grpc.Net.Client;
using TaskGateway.Contracts.V1;

namespace TaskGateway.Benchmarks.Load;

/// <summary>
/// The three ways a caller reaches a task: the upstream directly, the gateway's gRPC, the gateway's REST route. An
/// anchor in front of the same upstream takes the same clients: the bare hop serves both, YARP only REST.
/// </summary>
internal sealed class Clients : IDisposable
{
    private readonly HttpClient _upstream;
    private readonly HttpClient? _rest;
    private readonly GrpcChannel? _channel;

    public Clients(Uri upstream, Gateway? gateway, bool rest = true, bool grpc = true)
    {
        _upstream = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = upstream };
        _upstream.DefaultRequestHeaders.Add("X-Auth-Token", MinimalUpstream.Token);
        _upstream.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (gateway is not null)
        {
            _rest = rest ? new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = gateway.Rest } : null;
            if (grpc)
            {
                _channel = GrpcChannel.ForAddress(gateway.Grpc, new GrpcChannelOptions
                {
                    HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
                    MaxReceiveMessageSize = 4 * 1024 * 1024,
                });
                Grpc = new TaskService.TaskServiceClient(_channel);
            }
        }
    }

    public TaskService.TaskServiceClient? Grpc { get; }

    public bool HasRest => _rest is not null;

    public static string Name(int task) =>
        $"sources/iot/projects/{MinimalUpstream.Project}/instances/{MinimalUpstream.Instance}/tasks/{MinimalUpstream.TaskId(task)}";

    public async Task DirectAsync(int task, CancellationToken cancellationToken)
    {
        using var response = await _upstream.GetAsync($"/v5/iot/{MinimalUpstream.Project}/iotda-instances/{MinimalUpstream.Instance}/tasks/{MinimalUpstream.TaskId(task)}", cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        _ = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task GrpcAsync(int task, CancellationToken cancellationToken)
    {
        var response = await Grpc!.GetTaskAsync(new GetTaskRequest { Name = Name(task) }, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (response.Task is null)
        {
            throw new InvalidOperationException("no task");
        }
    }

    public async Task RestAsync(int task, CancellationToken cancellationToken)
    {
        using var response = await _rest!.GetAsync("/v1/" + Name(task), cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        _ = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<long> UpstreamCallsAsync() => long.Parse(await _upstream.GetStringAsync("/_stats").ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose()
    {
        _upstream.Dispose();
        _rest?.Dispose();
        _channel?.Dispose();
    }
}
