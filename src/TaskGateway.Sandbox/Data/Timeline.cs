namespace TaskGateway.Sandbox.Data;

/// <summary>
/// How a seeded task moves through its states. The state is a pure function of the time since the sandbox
/// started, so every replica and every test with a fake clock sees the same task at the same moment.
/// </summary>
internal sealed record Timeline(IReadOnlyList<Step> Steps)
{
    public static Timeline Fixed(string state, string? extra = null) => new([new Step(TimeSpan.Zero, state, extra)]);

    /// <summary>The current step and its index.</summary>
    public (Step Step, int Index) At(TimeSpan elapsed)
    {
        var index = 0;
        for (var i = 1; i < Steps.Count; i++)
        {
            if (Steps[i].At <= elapsed)
            {
                index = i;
            }
        }

        return (Steps[index], index);
    }

    /// <summary>Progress through the current step toward the next, 0 to 1; 1 past the last step.</summary>
    public double Fraction(TimeSpan elapsed)
    {
        var (step, index) = At(elapsed);
        if (index + 1 >= Steps.Count)
        {
            return 1;
        }

        var span = Steps[index + 1].At - step.At;
        return span <= TimeSpan.Zero ? 1 : Math.Clamp((elapsed - step.At) / span, 0, 1);
    }
}
