using TaskGateway.Contracts.V1;
using TaskGateway.Core.Names;

namespace TaskGateway.Core.Sources;

/// <summary>A backend kind's shape: its names, whether it has a single GET and a list, and its page sizes.</summary>
public sealed record BackendDescriptor(
    SourceKind Kind,
    NameShape TaskShape,
    NameShape? ParentShape,
    bool NativeGet,
    int DefaultPageSize,
    int MaxPageSize,
    string TaskNamePattern,
    string ListParentPattern)
{
    /// <summary>Whether ListTasks works.</summary>
    public bool SupportsList => ParentShape is not null;
}
