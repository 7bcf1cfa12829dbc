using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace TaskGateway.Tests.Events.Webhooks;

/// <summary>Keeps every log line (event id, rendered message, exception) of every logger it makes.</summary>
internal sealed class CapturingLoggerFactory : ILoggerFactory, ILogger
{
    public ConcurrentQueue<(EventId Id, string Message, Exception? Exception)> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => this;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue((eventId, formatter(state, exception), exception));
}
