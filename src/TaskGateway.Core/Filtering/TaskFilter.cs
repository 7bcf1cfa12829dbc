using Google.Protobuf.WellKnownTypes;
using TaskGateway.Contracts.V1;

namespace TaskGateway.Core.Filtering;

/// <summary>
/// A parsed AIP-160 filter over the normalised task. The gateway always applies it to what the backend
/// returns; where the backend can narrow its list (by a begin and an end time), the create_time bounds of a
/// top-level conjunction are also sent upstream to save pages.
/// </summary>
public sealed class TaskFilter
{
    private readonly Func<CloudTask, bool> _predicate;

    internal TaskFilter(string text, Func<CloudTask, bool> predicate, Timestamp? createdAfter, Timestamp? createdBefore, IReadOnlyList<string>? fields = null)
    {
        Text = text;
        Fields = fields ?? [];
        _predicate = predicate;
        CreatedAtOrAfter = createdAfter;
        CreatedAtOrBefore = createdBefore;
    }

    /// <summary>A filter that matches everything.</summary>
    public static TaskFilter All { get; } = new(string.Empty, static _ => true, null, null);

    /// <summary>The fields the filter names, sorted.</summary>
    public IReadOnlyList<string> Fields { get; }

    /// <summary>The filter as the caller wrote it; part of the page token's scope.</summary>
    public string Text { get; }

    /// <summary>A lower bound on create_time that every match satisfies, when the filter implies one.</summary>
    public Timestamp? CreatedAtOrAfter { get; }

    /// <summary>An upper bound on create_time that every match satisfies, when the filter implies one.</summary>
    public Timestamp? CreatedAtOrBefore { get; }

    /// <summary>Whether a task matches.</summary>
    public bool Matches(CloudTask task) => _predicate(task);

    /// <summary>Parses a filter; throws RequestValidationException on the field "filter" when it is invalid.</summary>
    public static TaskFilter Parse(string? text) =>
        string.IsNullOrWhiteSpace(text) ? All : new FilterParser(text).Parse();
}
