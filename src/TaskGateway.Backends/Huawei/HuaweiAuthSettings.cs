namespace TaskGateway.Backends.Huawei;

/// <summary>Huawei's own auth setting: TaskGateway:Sources:{alias}:Auth:DerivedService.</summary>
internal sealed record HuaweiAuthSettings
{
    /// <summary>The service derived AK/SK signing (AkSkDerived) is scoped to; IoTDA kinds default to iotdm.</summary>
    public string? DerivedService { get; set; }
}
