using TaskGateway.Contracts.V1;
using TaskGateway.Core.Errors;
using TaskGateway.Core.Names;
using TaskGateway.Core.Resilience;

namespace TaskGateway.Core.Sources;

/// <summary>
/// One backend adapter, bound to one configured source. Every upstream call takes the <see cref="UpstreamCall"/> it
/// is made for (its purpose, and the caller's own token on pass-through sources) as a value: a code path that
/// forgets it does not compile, so it can never fall back to the gateway's credentials by omission.
/// </summary>
public interface ITaskBackend
{
    /// <summary>What the backend supports and how its names look.</summary>
    BackendDescriptor Descriptor { get; }

    /// <summary>Checks the ids of a name against the backend's documented charsets; empty when valid.</summary>
    IReadOnlyList<FieldViolation> Validate(ResourceName name, string field);

    /// <summary>Gets one task. The name was validated.</summary>
    Task<CloudTask> GetTaskAsync(ResourceName name, UpstreamCall upstream, CancellationToken cancellationToken);
}
