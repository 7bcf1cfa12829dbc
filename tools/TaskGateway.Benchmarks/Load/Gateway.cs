namespace TaskGateway.Benchmarks.Load;

/// <summary>A running gateway process and its two addresses.</summary>
internal sealed record Gateway(ChildProcess Process, Uri Grpc, Uri Rest) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
