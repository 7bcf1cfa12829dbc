using TaskGateway.Backends.Huawei;
using TaskGateway.Core.Sources;

namespace TaskGateway.Backends.IotdaInstanceTasks;

/// <summary>The registration of the IotdaInstanceTask kind: Huawei Cloud IoTDA instance tasks: a list with markers and a single GET; Huawei auth (derived signing for iotdm) and error bodies.</summary>
internal static class IotdaInstanceTaskKind
{
    /// <summary>Everything the gateway needs to serve sources of this kind.</summary>
    public static BackendKind Registration { get; } = new("IotdaInstanceTask", IotdaInstanceTaskClient.Shape, source => new IotdaInstanceTaskClient(source))
    {
        AuthSchemes = HuaweiAuth.Schemes(derivedService: "iotdm"),
        ErrorBody = HuaweiErrorBody.Instance,
        BindSettings = HuaweiSettings.Bind,
        ValidateOptions = HuaweiAuth.RefuseInstanceId,
    };
}
