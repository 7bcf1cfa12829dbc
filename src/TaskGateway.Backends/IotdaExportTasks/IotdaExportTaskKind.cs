using TaskGateway.Backends.Huawei;
using TaskGateway.Core.Sources;

namespace TaskGateway.Backends.IotdaExportTasks;

/// <summary>The registration of the IotdaExportTask kind: Huawei Cloud IoTDA export tasks: a list only (GetTask scans it), with an optional Instance-Id header; Huawei auth (derived signing for iotdm) and error bodies.</summary>
internal static class IotdaExportTaskKind
{
    /// <summary>Everything the gateway needs to serve sources of this kind.</summary>
    public static BackendKind Registration { get; } = new("IotdaExportTask", IotdaExportTaskClient.Shape, source => new IotdaExportTaskClient(source))
    {
        AuthSchemes = HuaweiAuth.Schemes(derivedService: "iotdm"),
        ErrorBody = HuaweiErrorBody.Instance,
        BindSettings = HuaweiSettings.Bind,
    };
}
