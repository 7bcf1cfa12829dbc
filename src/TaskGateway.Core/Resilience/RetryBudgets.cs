using System.Collections.Concurrent;

namespace TaskGateway.Core.Resilience;

/// <summary>One retry budget per pipeline (a source and a purpose), shared by every client the factory makes for it.</summary>
public sealed class RetryBudgets
{
    private readonly ConcurrentDictionary<string, RetryBudget> _budgets = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    /// <summary>Creates the registry.</summary>
    public RetryBudgets(TimeProvider time) => _time = time;

    /// <summary>The budget of a pipeline, made on first use.</summary>
    public RetryBudget For(string pipeline, double ratio, int minimum) =>
        _budgets.GetOrAdd(pipeline, _ => new RetryBudget(ratio, minimum, _time));
}
