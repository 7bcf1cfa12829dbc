using TaskGateway.Core.Filtering;
using TaskGateway.Core.Paging;

namespace TaskGateway.Core.Sources;

/// <summary>One page request to a backend: how many, from where, and the filter to apply.</summary>
public sealed record ListQuery(int PageSize, PageCursor Cursor, TaskFilter Filter);
