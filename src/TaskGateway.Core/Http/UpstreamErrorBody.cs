namespace TaskGateway.Core.Http;

/// <summary>What a backend's JSON error body says: its error code, message, request id and invalid parameters, where it gives them.</summary>
public sealed record UpstreamErrorBody(string? Code, string? Message, string? RequestId, IReadOnlyList<KeyValuePair<string, string>>? InvalidParams = null);
