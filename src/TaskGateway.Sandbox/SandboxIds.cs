namespace TaskGateway.Sandbox;

/// <summary>The ids of the sandbox's seeded resources, shown in the README's examples.</summary>
public static class SandboxIds
{
    /// <summary>The Huawei project every Huawei API serves.</summary>
    public const string Project = "0b7e5d1c2a3f4e6d8c9b0a1f2e3d4c5b";

    /// <summary>The IoTDA instance with instance tasks.</summary>
    public const string IotdaInstance = "4f3e2d1c-0b9a-4876-a5b4-c3d2e1f0a9b8";

    /// <summary>An IoTDA instance task that runs PENDING, RUNNING, SUCCESS over its first minute.</summary>
    public const string IotdaLiveTask = "075f413d-a3bb-4243-974d-8eb9221c1234";

    /// <summary>The DMS instance with scheduled tasks.</summary>
    public const string DmsInstance = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

    /// <summary>A DMS scheduled task that runs CREATED, EXECUTING, SUCCESS over its first minute.</summary>
    public const string DmsLiveTask = "ff808082889e267601889e2df7be0013";

    /// <summary>An IoTDA export task that goes from Processing to Success over its first minute.</summary>
    public const string ExportLiveTask = "5c90fa7d3c4e4405e8525079";

    /// <summary>The Astra account.</summary>
    public const string AstraAccount = "6c4f8a2e-1d3b-4e5f-9a7c-2b4d6e8f0a1c";

    /// <summary>An Astra task that runs notStarted, running, completed over its first minute.</summary>
    public const string AstraLiveTask = "a1b2c3d4-0000-4000-8000-000000000001";

    /// <summary>A CloudDC instance being installed: pending, install-processing, then running.</summary>
    public const string CloudDcLiveInstance = "cdc-web-01";
}
