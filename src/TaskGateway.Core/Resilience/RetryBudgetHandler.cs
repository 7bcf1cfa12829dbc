namespace TaskGateway.Core.Resilience;

/// <summary>
/// Sits outside the resilience pipeline and records each first attempt in the budget; the pipeline's retry
/// strategy withdraws from the same budget before every retry.
/// </summary>
public sealed class RetryBudgetHandler : DelegatingHandler
{
    private readonly RetryBudget _budget;

    /// <summary>Creates the handler.</summary>
    public RetryBudgetHandler(RetryBudget budget) => _budget = budget;

    /// <inheritdoc/>
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _budget.RecordRequest();
        return base.SendAsync(request, cancellationToken);
    }
}
