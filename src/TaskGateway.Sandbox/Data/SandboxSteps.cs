using System.Collections.Concurrent;

namespace TaskGateway.Sandbox.Data;

/// <summary>How many times each on-demand seed has been advanced (<see cref="CloudDcInstanceSeed.OnDemand"/>): its current step.</summary>
internal sealed class SandboxSteps
{
    private readonly ConcurrentDictionary<string, int> _steps = new(StringComparer.Ordinal);

    /// <summary>The current step of an instance: 0 until it is advanced.</summary>
    public int Of(string id) => _steps.GetValueOrDefault(id);

    /// <summary>Moves an instance one step on (past its last step it stays there, as the reader clamps); the new step.</summary>
    public int Advance(string id) => _steps.AddOrUpdate(id, 1, (_, step) => step + 1);
}
