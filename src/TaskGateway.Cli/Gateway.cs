using Grpc.Core;
using TaskGateway.Client;
using TaskGateway.Contracts.V1;

namespace TaskGateway.Cli;

/// <summary>What a command talks to: the TaskService client, the raw invoker (for health), and the client options.</summary>
internal sealed record Gateway(TaskService.TaskServiceClient Client, CallInvoker Invoker, TaskGatewayClientOptions Options);
