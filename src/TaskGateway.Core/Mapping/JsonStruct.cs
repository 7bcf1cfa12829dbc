using System.Text.Json;
using Google.Protobuf.WellKnownTypes;

namespace TaskGateway.Core.Mapping;

/// <summary>Turns backend JSON objects (a task's conditions or additional details) into google.protobuf.Struct.</summary>
public static class JsonStruct
{
    /// <summary>The object as a Struct, or null when it is not an object.</summary>
    public static Struct? FromObject(JsonElement? element)
    {
        if (element is not { ValueKind: JsonValueKind.Object } obj)
        {
            return null;
        }

        var result = new Struct();
        foreach (var property in obj.EnumerateObject())
        {
            result.Fields[property.Name] = ToValue(property.Value);
        }

        return result;
    }

    /// <summary>
    /// An object sent either as a JSON object or as JSON text in a string (a condition set as a string in
    /// a query may come back as one): the object as a Struct; a string that is not an object's JSON text as
    /// {"text": "..."}, so that nothing the backend sent is lost; null when absent.
    /// </summary>
    public static Struct? FromObjectOrText(JsonElement? element)
    {
        if (element is not { ValueKind: JsonValueKind.String } text)
        {
            return FromObject(element);
        }

        var raw = text.GetString() ?? string.Empty;
        try
        {
            using var parsed = JsonDocument.Parse(raw);
            if (FromObject(parsed.RootElement) is { } fromText)
            {
                return fromText;
            }
        }
        catch (JsonException)
        {
            // Not JSON: kept as text below.
        }

        var kept = new Struct();
        kept.Fields["text"] = Value.ForString(raw);
        return kept;
    }

    private static Value ToValue(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => Value.ForStruct(FromObject(e)!),
        JsonValueKind.Array => Value.ForList(e.EnumerateArray().Select(ToValue).ToArray()),
        JsonValueKind.String => Value.ForString(e.GetString()!),
        JsonValueKind.Number => Value.ForNumber(e.GetDouble()),
        JsonValueKind.True => Value.ForBool(true),
        JsonValueKind.False => Value.ForBool(false),
        _ => Value.ForNull(),
    };
}
