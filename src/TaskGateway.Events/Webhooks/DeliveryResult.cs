namespace TaskGateway.Events.Webhooks;

/// <summary>
/// One attempt's result: its kind, the sink's HTTP status (0 when none came), a short error (empty when delivered;
/// never the sink's body verbatim), and, for 429 and 503, the sink's Retry-After.
/// </summary>
internal sealed record DeliveryResult(DeliveryResultKind Kind, int HttpStatus, string Error, TimeSpan? RetryAfter = null);
