using TaskGateway.Contracts.V1;
using TaskGateway.Core.Paging;

namespace TaskGateway.Core.Sources;

/// <summary>One page from a backend: the matching tasks and where the next page starts (null at the end).</summary>
public sealed record TaskPage(IReadOnlyList<CloudTask> Tasks, PageCursor? Next);
