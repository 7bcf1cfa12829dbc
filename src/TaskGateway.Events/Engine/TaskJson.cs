using System.Globalization;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Rpc;
using TaskGateway.Contracts.V1;

namespace TaskGateway.Events.Engine;

/// <summary>
/// A task as the REST API returns it, for an event's data: the host's JSON transcoding writes default values,
/// enums without their prefix (RemoveEnumPrefix: "RUNNING", not "STATE_RUNNING") and 64-bit integers as numbers.
/// Google.Protobuf's JsonFormatter does the proto3 JSON mapping (names, timestamps, Any, Struct); a walk along the
/// descriptors then applies the two transcoding settings it lacks, so a receiver parses one shape whichever way it
/// learns of a task.
/// </summary>
internal static class TaskJson
{
    // A failed task's error carries ErrorInfo: the formatter must know the Any types the host's transcoding knows.
    private static readonly TypeRegistry Types = TypeRegistry.FromMessages(ErrorInfo.Descriptor, BadRequest.Descriptor, RetryInfo.Descriptor);

    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true).WithTypeRegistry(Types));

    /// <summary>The task's JSON, compact.</summary>
    public static string Format(CloudTask task)
    {
        var node = JsonNode.Parse(Formatter.Format(task))!;
        Rewrite(node.AsObject(), CloudTask.Descriptor);
        return node.ToJsonString();
    }

    private static void Rewrite(JsonObject json, MessageDescriptor descriptor)
    {
        if (descriptor.FullName == Google.Protobuf.WellKnownTypes.Any.Descriptor.FullName)
        {
            // A packed message's fields sit beside "@type"; well-known types' JSON is theirs alone, left as is.
            if (json["@type"]?.GetValue<string>() is { } url && Types.Find(Google.Protobuf.WellKnownTypes.Any.GetTypeName(url)) is { } packed && !IsWellKnown(packed))
            {
                Rewrite(json, packed);
            }

            return;
        }

        foreach (var field in descriptor.Fields.InDeclarationOrder())
        {
            if (json[field.JsonName] is not { } value)
            {
                continue;
            }

            if (field.IsMap)
            {
                var valueField = field.MessageType.FindFieldByNumber(2);
                foreach (var key in value.AsObject().Select(p => p.Key).ToList())
                {
                    Replace(value[key], valueField, rewritten => value[key] = rewritten);
                }
            }
            else if (field.IsRepeated)
            {
                var array = value.AsArray();
                for (var i = 0; i < array.Count; i++)
                {
                    var index = i;
                    Replace(array[i], field, rewritten => array[index] = rewritten);
                }
            }
            else
            {
                Replace(value, field, rewritten => json[field.JsonName] = rewritten);
            }
        }
    }

    // A node rewritten in place stays where it is (a node cannot be given a parent twice); a new value takes its place.
    private static void Replace(JsonNode? value, FieldDescriptor field, Action<JsonNode?> put)
    {
        var rewritten = RewriteValue(value, field);
        if (!ReferenceEquals(rewritten, value))
        {
            put(rewritten);
        }
    }

    private static JsonNode? RewriteValue(JsonNode? value, FieldDescriptor field)
    {
        if (value is null)
        {
            return null;
        }

        switch (field.FieldType)
        {
            case FieldType.Enum when value.GetValueKind() == System.Text.Json.JsonValueKind.String:
                return JsonValue.Create(WithoutPrefix(field.EnumType.Name, value.GetValue<string>()));
            case FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 when value.GetValueKind() == System.Text.Json.JsonValueKind.String:
                return JsonValue.Create(long.Parse(value.GetValue<string>(), CultureInfo.InvariantCulture));
            case FieldType.UInt64 or FieldType.Fixed64 when value.GetValueKind() == System.Text.Json.JsonValueKind.String:
                return JsonValue.Create(ulong.Parse(value.GetValue<string>(), CultureInfo.InvariantCulture));
            case FieldType.Message when value is JsonObject obj && !IsWellKnown(field.MessageType):
                Rewrite(obj, field.MessageType);
                return obj;
            case FieldType.Message when field.MessageType.FullName == Google.Protobuf.WellKnownTypes.Any.Descriptor.FullName && value is JsonObject any:
                Rewrite(any, field.MessageType);
                return any;
            case FieldType.Message when field.MessageType.FullName is "google.protobuf.Int64Value" or "google.protobuf.UInt64Value" && value.GetValueKind() == System.Text.Json.JsonValueKind.String:
                return JsonValue.Create(decimal.Parse(value.GetValue<string>(), CultureInfo.InvariantCulture));
            default:
                return value;
        }
    }

    private static bool IsWellKnown(MessageDescriptor descriptor) => descriptor.File.Package == "google.protobuf";

    /// <summary>
    /// The value name without its enum's prefix, as transcoding's RemoveEnumPrefix removes it: the enum's name,
    /// compared without underscores and case (State: STATE_RUNNING -> RUNNING); unchanged when that leaves nothing.
    /// </summary>
    internal static string WithoutPrefix(string enumName, string value)
    {
        var prefix = enumName.Replace("_", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        var matched = 0;
        var i = 0;
        for (; i < value.Length && matched < prefix.Length; i++)
        {
            if (value[i] == '_')
            {
                continue;
            }

            if (char.ToUpperInvariant(value[i]) != prefix[matched++])
            {
                return value;
            }
        }

        if (matched < prefix.Length)
        {
            return value;
        }

        while (i < value.Length && value[i] == '_')
        {
            i++;
        }

        return i == value.Length ? value : value[i..];
    }
}
