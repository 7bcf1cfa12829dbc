namespace TaskGateway.Events.Store;

/// <summary>What one attempt gave, as recorded: when, the sink's HTTP status (0 when none came), and the error (empty when delivered).</summary>
internal sealed record DeliveryAttempt(DateTimeOffset Time, int HttpStatus, string Error);
