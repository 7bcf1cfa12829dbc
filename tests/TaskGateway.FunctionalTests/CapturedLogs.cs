using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace TaskGateway.FunctionalTests;

/// <summary>Records every log line and scope of a run, formatted, with structured values and exceptions, at every level.</summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _lines = new();
    private IExternalScopeProvider? _scopes;

    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines, () => _scopes);

    // The host's scopes (TraceId and SpanId of the current activity, request ids) come through here.
    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines, Func<IExternalScopeProvider?> scopes) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            lines.Enqueue($"Scope {category} {state} {Pairs(state)}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scope = new System.Text.StringBuilder();
            scopes()?.ForEachScope((s, b) => b.Append(" => ").Append(s).Append(' ').Append(Pairs(s)), scope);
            lines.Enqueue($"{logLevel} {category}[{eventId.Id}] {formatter(state, exception)} {Pairs(state)}{scope} {exception}");
        }

        // The structured values too: a secret could sit in a value that the message template leaves out.
        private static string Pairs<TState>(TState state) => state is IEnumerable<KeyValuePair<string, object?>> pairs
            ? string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}"))
            : string.Empty;
    }
}
