using System.Text.Json;
using System.Text.Json.Serialization;

namespace TaskGateway.Backends.Common;

/// <summary>JSON options shared by every backend's source-generated context: tolerant of numbers sent as strings.</summary>
internal static class WireJson
{
    public const JsonNumberHandling Numbers = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals;
}
