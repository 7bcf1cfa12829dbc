using TaskGateway.Backends.Huawei;
using TaskGateway.Core.Sources;

namespace TaskGateway.Backends.DmsScheduledTasks;

/// <summary>The registration of the DmsScheduledTask kind: Huawei Cloud DMS scheduled tasks: a list only (GetTask scans it); Huawei auth and error bodies.</summary>
internal static class DmsScheduledTaskKind
{
    /// <summary>Everything the gateway needs to serve sources of this kind.</summary>
    public static BackendKind Registration { get; } = new("DmsScheduledTask", DmsScheduledTaskClient.Shape, source => new DmsScheduledTaskClient(source))
    {
        AuthSchemes = HuaweiAuth.Schemes(derivedService: null),
        ErrorBody = HuaweiErrorBody.Instance,
        BindSettings = HuaweiSettings.Bind,
        ValidateOptions = HuaweiAuth.RefuseInstanceId,
    };
}
