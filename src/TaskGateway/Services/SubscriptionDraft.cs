using TaskGateway.Contracts.V1;

namespace TaskGateway.Services;

/// <summary>A CreateSubscription request that passed every check: what is stored, before an id and an owner are given.</summary>
/// <param name="Source">The target's source alias.</param>
/// <param name="Target">The task name or collection parent, canonical.</param>
/// <param name="TaskTarget">Whether the target is one task.</param>
/// <param name="Until">The task target's condition as written; empty for done.</param>
/// <param name="Filter">The collection target's filter as written; empty for every task.</param>
/// <param name="SinkUri">The sink, as checked by the sink validator.</param>
/// <param name="Secret">The caller's secret, or one the gateway generated; never logged.</param>
/// <param name="ContentMode">Structured unless binary was asked for.</param>
internal sealed record SubscriptionDraft(
    string Source,
    string Target,
    bool TaskTarget,
    string Until,
    string Filter,
    string SinkUri,
    string Secret,
    Sink.Types.ContentMode ContentMode)
{
    /// <summary>Never print the secret (records print every member by default).</summary>
    public override string ToString() => $"{Target} -> {SinkUri}";
}
