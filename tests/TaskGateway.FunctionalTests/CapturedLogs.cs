using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace TaskGateway.FunctionalTests;

/// <summary>Records every log line and scope of a run, formatted, with structured values and exceptions, at every level.</summary>
public sealed class CapturedLogs : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _lines = new();
    private IExternalScopeProvider? _scopes;

    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>
    /// Fails unless Trace and Debug lines were captured, and a line of each category named: a test that reads every
    /// line for secrets must have been given every line, whatever the settings files' category rules say. A category may
    /// be given with its level ("Debug Polly[").
    /// </summary>
    public void AssertEveryLevelCaptured(params string[] categories)
    {
        var lines = Lines;
        Assert.True(lines.Any(l => l.StartsWith("Trace ", StringComparison.Ordinal)), $"no Trace line among the {lines.Count} captured");
        Assert.True(lines.Any(l => l.StartsWith("Debug ", StringComparison.Ordinal)), $"no Debug line among the {lines.Count} captured");
        foreach (var category in categories)
        {
            Assert.True(lines.Any(l => !l.StartsWith("Scope ", StringComparison.Ordinal) && l.Contains(category, StringComparison.Ordinal)),
                $"no {category} line among the {lines.Count} captured, of: {string.Join(", ", lines.Select(l => l.Split('[')[0]).Distinct())}");
        }
    }

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
