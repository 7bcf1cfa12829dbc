using TaskGateway.Contracts.V1;
using TaskGateway.Core.Errors;
using TaskGateway.Core.Http;
using TaskGateway.Core.Names;
using TaskGateway.Core.Resilience;
using TaskGateway.Core.Sources;

namespace TaskGateway.Backends.CloudDcInstanceStatus;

/// <summary>Huawei Cloud CloudDC instance status: GET /v1/{project_id}/instances/{id}/status. No list.</summary>
internal sealed class CloudDcInstanceStatusClient : ITaskBackend
{
    internal static readonly BackendDescriptor Shape = new(
        SourceKind.ClouddcInstanceStatus, NameShape.Of("projects/{project}/instances/{instance}/status"), ParentShape: null, NativeGet: true,
        CloudDcInstanceStatusLimits.DefaultPageSize, CloudDcInstanceStatusLimits.MaxPageSize)
    {
        Details = CloudDcInstanceStatusDetails.Descriptor,
        // running and stopped are done (the operation that led there is over), but a power-on or power-off can
        // leave them: a watch waiting with until for another state keeps polling.
        DoneIsFinal = false,
    };

    private readonly SourceConnection _source;

    public CloudDcInstanceStatusClient(SourceConnection source) => _source = source;

    public BackendDescriptor Descriptor => Shape;

    public IReadOnlyList<FieldViolation> Validate(ResourceName name, string field) => CloudDcInstanceStatusValidator.Validate(name, field);

    public async Task<CloudTask> GetTaskAsync(ResourceName name, UpstreamCall upstream, CancellationToken cancellationToken)
    {
        var path = $"/v1/{Segment.Escape(name.Project)}/instances/{Segment.Escape(name.Instance)}/status";
        var wire = await UpstreamHttp.GetJsonAsync(_source, upstream, path, CloudDcInstanceStatusJsonContext.Default.CloudDcInstanceStatusWire, name.Project, null, cancellationToken).ConfigureAwait(false);
        return CloudDcInstanceStatusMapper.Map(wire, _source.Alias, name.Format(), name.Instance);
    }
}
