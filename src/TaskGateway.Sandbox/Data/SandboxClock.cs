namespace TaskGateway.Sandbox.Data;

/// <summary>The sandbox's notion of now: its TimeProvider, and when it started (seeded timelines count from there).</summary>
internal sealed class SandboxClock
{
    public SandboxClock(TimeProvider time)
    {
        Time = time;
        Start = time.GetUtcNow();
    }

    public TimeProvider Time { get; }

    public DateTimeOffset Start { get; }

    public TimeSpan Elapsed => Time.GetUtcNow() - Start;

    public DateTimeOffset Now => Time.GetUtcNow();
}
