namespace TaskGateway.Security;

/// <summary>
/// Where mounted secret files are read from: TaskGateway:SecretsDirectory. Bound before the container exists, since
/// it adds a configuration source; the gateway's other TaskGateway keys are GatewayOptions'.
/// </summary>
internal sealed record SecretsOptions
{
    public const string SectionName = "TaskGateway";

    /// <summary>The directory of secret files, one configuration key per file; unset: /run/secrets/taskgateway.</summary>
    public string? SecretsDirectory { get; set; }
}
