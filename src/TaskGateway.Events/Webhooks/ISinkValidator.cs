namespace TaskGateway.Events.Webhooks;

/// <summary>Checks a sink URI when a subscription is created: scheme, host allowlist, and the addresses its host resolves to now.</summary>
internal interface ISinkValidator
{
    /// <summary>Null when the sink is acceptable; otherwise why not, phrased for a field violation on `subscription.sink.uri`.</summary>
    Task<string?> ValidateAsync(string uri, CancellationToken cancellationToken);
}
