namespace TaskGateway.Core.Paging;

/// <summary>
/// Where a backend list resumes: an offset, a marker (a continue token), or both.
/// </summary>
public readonly record struct PageCursor(long Offset, string Marker)
{
    /// <summary>The start of a list.</summary>
    public static PageCursor Start { get; } = new(0, string.Empty);
}
