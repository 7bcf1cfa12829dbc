using Microsoft.Extensions.Logging;

namespace TaskGateway.Events.Webhooks;

/// <summary>
/// The webhook sender's log lines (event ids 5020-5049). They name the sink by host only: a sink's path and query
/// often carry a token of their own (chat and automation webhooks do), and the secret never appears.
/// </summary>
internal static partial class WebhookLog
{
    [LoggerMessage(5020, LogLevel.Debug, "Delivered {EventId} of subscriptions/{SubscriptionId} to {SinkHost}: HTTP {HttpStatus}")]
    public static partial void Delivered(ILogger logger, string eventId, string subscriptionId, string sinkHost, int httpStatus);

    [LoggerMessage(5021, LogLevel.Information, "Delivery of {EventId} of subscriptions/{SubscriptionId} to {SinkHost} failed: HTTP {HttpStatus}, {Error}")]
    public static partial void Failed(ILogger logger, string eventId, string subscriptionId, string sinkHost, int httpStatus, string error);

    [LoggerMessage(5022, LogLevel.Information, "Sink {SinkHost} of subscriptions/{SubscriptionId} answered 410 Gone to {EventId}")]
    public static partial void Gone(ILogger logger, string eventId, string subscriptionId, string sinkHost);

    [LoggerMessage(5023, LogLevel.Warning, "Connection to sink host {SinkHost} refused: it resolves to {Address}, {Kind} address, and is not in TaskGateway:Events:AllowedSinkHosts")]
    public static partial void AddressRefused(ILogger logger, string sinkHost, string address, string kind);

    [LoggerMessage(5024, LogLevel.Warning, "Delivery of {EventId} of subscriptions/{SubscriptionId} to {SinkHost} failed unexpectedly ({ExceptionType})")]
    public static partial void Unexpected(ILogger logger, string eventId, string subscriptionId, string sinkHost, string exceptionType);
}
