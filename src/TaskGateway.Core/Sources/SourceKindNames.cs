using TaskGateway.Contracts.V1;

namespace TaskGateway.Core.Sources;

/// <summary>The configuration names of source kinds and auth schemes.</summary>
public static class SourceKindNames
{
    /// <summary>Configuration name to contract kind.</summary>
    public static IReadOnlyDictionary<string, SourceKind> Kinds { get; } = new Dictionary<string, SourceKind>(StringComparer.OrdinalIgnoreCase)
    {
        ["IotdaInstanceTask"] = SourceKind.IotdaInstanceTask,
        ["DmsScheduledTask"] = SourceKind.DmsScheduledTask,
        ["IotdaExportTask"] = SourceKind.IotdaExportTask,
        ["AstraTask"] = SourceKind.AstraTask,
        ["CloudDcInstanceStatus"] = SourceKind.ClouddcInstanceStatus,
    };

    /// <summary>The auth schemes.</summary>
    public static IReadOnlyList<string> Schemes { get; } = ["Token", "AkSk", "AkSkDerived", "Bearer"];
}
