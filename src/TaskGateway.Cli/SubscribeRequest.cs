using TaskGateway.Contracts.V1;

namespace TaskGateway.Cli;

/// <summary>What subscribe was asked for, as typed: the gateway validates it (and answers field violations).</summary>
internal sealed record SubscribeRequest(string Target, Uri Sink, string Until, string Filter, string Secret, Sink.Types.ContentMode ContentMode);
