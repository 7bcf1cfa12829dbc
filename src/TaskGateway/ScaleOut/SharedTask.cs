using System.ComponentModel;
using TaskGateway.Contracts.V1;

namespace TaskGateway.ScaleOut;

/// <summary>
/// A fetched task as shared between callers, and between replicas through HybridCache's second level (the shape
/// <see cref="SharedTaskSerializer"/> writes). Immutable by contract: nothing after the fetch mutates the task (the
/// service only places it in a response), so HybridCache may hand one instance to every caller instead of a copy.
/// It lives here, below the services, so that scale-out depends on nothing of theirs.
/// </summary>
[ImmutableObject(true)]
internal sealed record SharedTask(CloudTask Task, string Key);
