using System.Text.Json;

namespace TaskGateway.Core.Http;

/// <summary>Reads one vendor's JSON error object; each backend kind names its own (an error_code object, problem+json).</summary>
public interface IUpstreamErrorBody
{
    /// <summary>The fields found in an error object; null fields where the body has none. Never throws.</summary>
    UpstreamErrorBody Read(JsonElement root);
}
