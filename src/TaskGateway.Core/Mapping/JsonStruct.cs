using System.Text.Json;
using Google.Protobuf.WellKnownTypes;

namespace TaskGateway.Core.Mapping;

/// <summary>Turns backend JSON objects (IoTDA resource_condition, Astra additionalDetails) into google.protobuf.Struct.</summary>
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
