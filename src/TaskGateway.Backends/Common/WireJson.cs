using System.Text.Json;
using System.Text.Json.Serialization;

namespace TaskGateway.Backends.Common;

/// <summary>JSON options shared by every backend's source-generated context: tolerant of numbers sent as strings.</summary>
internal static class WireJson
{
    public const JsonNumberHandling Numbers = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals;

    /// <summary>Reads an optional number that may be JSON null, a number or a numeric string.</summary>
    public static double? Number(JsonElement? e) => e switch
    {
        { ValueKind: JsonValueKind.Number } n => n.GetDouble(),
        { ValueKind: JsonValueKind.String } s when double.TryParse(s.GetString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };
}
