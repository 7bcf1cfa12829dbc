using System.Text.Json;

namespace TaskGateway.Core.Http;

/// <summary>An error object read by the most common names (code, message, request_id): the default for a kind that names none.</summary>
internal sealed class GenericErrorBody : IUpstreamErrorBody
{
    /// <summary>The one instance.</summary>
    public static GenericErrorBody Instance { get; } = new();

    /// <inheritdoc/>
    public UpstreamErrorBody Read(JsonElement root) => new(
        UpstreamErrorReader.Text(root, "code"),
        UpstreamErrorReader.Text(root, "message"),
        UpstreamErrorReader.Text(root, "request_id"));
}
