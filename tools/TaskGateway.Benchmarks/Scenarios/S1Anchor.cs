using TaskGateway.Benchmarks.Load;

namespace TaskGateway.Benchmarks.Scenarios;

/// <summary>
/// A process S1 compares the gateway with, in front of the same upstream: its rows are Name-grpc and Name-rest
/// (REST only when it serves no gRPC), each followed by Suffix.
/// </summary>
internal sealed record S1Anchor(string Name, string Suffix, Clients Clients, ChildProcess Process);
