namespace TaskGateway.Core.Paging;

/// <summary>
/// Where a backend list resumes: an offset (DMS start, Astra continue position), a marker (IoTDA), or both,
/// and how many records the gateway has consumed so far (to know when a marker list is exhausted).
/// </summary>
public readonly record struct PageCursor(long Offset, string Marker, long Consumed)
{
    /// <summary>The start of a list.</summary>
    public static PageCursor Start { get; } = new(0, string.Empty, 0);
}
