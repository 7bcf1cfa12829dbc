namespace TaskGateway.Events.Webhooks;

/// <summary>
/// The sender would not connect to the sink: its host did not resolve, or resolved only to refused addresses. The
/// message is short, holds no secret, and becomes the attempt's error as it is.
/// </summary>
internal sealed class SinkConnectException(string message) : Exception(message);
