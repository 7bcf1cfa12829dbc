using TaskGateway.Backends.Huawei;
using TaskGateway.Core.Sources;

namespace TaskGateway.Backends.CloudDcInstanceStatus;

/// <summary>The registration of the CloudDcInstanceStatus kind: Huawei Cloud CloudDC instance status: one GET per instance, no list; Huawei auth and error bodies.</summary>
internal static class CloudDcInstanceStatusKind
{
    /// <summary>Everything the gateway needs to serve sources of this kind.</summary>
    public static BackendKind Registration { get; } = new("CloudDcInstanceStatus", CloudDcInstanceStatusClient.Shape, source => new CloudDcInstanceStatusClient(source))
    {
        AuthSchemes = HuaweiAuth.Schemes(derivedService: null),
        ErrorBody = HuaweiErrorBody.Instance,
        BindSettings = HuaweiSettings.Bind,
        ValidateOptions = HuaweiAuth.RefuseInstanceId,
    };
}
