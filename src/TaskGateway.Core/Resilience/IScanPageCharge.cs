namespace TaskGateway.Core.Resilience;

/// <summary>
/// Charges the list pages a GetTask scan reads beyond its first to the caller who asked for the task (a list-only
/// source reads up to MaxScanPages pages for one GetTask). Carried on the <see cref="UpstreamCall"/>, explicitly: a
/// shared fetch runs on the thread pool without the caller's execution context.
/// </summary>
public interface IScanPageCharge
{
    /// <summary>
    /// Charges one more page of <paramref name="source"/>'s list before it is read; throws a
    /// <see cref="Errors.GatewayException"/> (RESOURCE_EXHAUSTED with a retry delay) when the caller may not make it.
    /// </summary>
    void Charge(string source);
}
