namespace TaskGateway.Security;

/// <summary>The directory whose files were read as configuration keys, when there is one.</summary>
internal sealed record SecretsDirectory(string Path);
