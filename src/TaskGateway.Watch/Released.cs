namespace TaskGateway.Watch;

/// <summary>Runs an action once when disposed: pairs an increment with its decrement on every exit path.</summary>
internal sealed class Released(Action release) : IDisposable
{
    private Action? _release = release;

    public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
}
