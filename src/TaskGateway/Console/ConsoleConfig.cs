namespace TaskGateway.WebConsole;

/// <summary>
/// /console/config.json: what the page needs before its first API call. It says which credentials the gateway
/// accepts, never a credential or a source's settings, so it is served to callers without one.
/// </summary>
/// <param name="GrpcPort">The gRPC port, for the buf curl and CLI commands the task page offers.</param>
/// <param name="Authentication">"apiKey" and/or "jwt" when caller authentication is on; empty otherwise.</param>
/// <param name="Examples">Live collections and tasks of the embedded sandbox; empty when it does not serve the sources.</param>
internal sealed record ConsoleConfig(int GrpcPort, IReadOnlyList<string> Authentication, IReadOnlyList<ConsoleExample> Examples);
