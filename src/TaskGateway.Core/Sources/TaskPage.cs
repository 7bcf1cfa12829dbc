using TaskGateway.Contracts.V1;
using TaskGateway.Core.Paging;

namespace TaskGateway.Core.Sources;

/// <summary>
/// One page from a backend: the matching tasks, where the next page starts (null at the end), and the collection's
/// total when the backend reports one (a job count, a page count, a metadata count).
/// </summary>
public sealed record TaskPage(IReadOnlyList<CloudTask> Tasks, PageCursor? Next, long? TotalSize = null);
