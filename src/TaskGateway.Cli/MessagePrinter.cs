using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Spectre.Console;
using YamlDotNet.Serialization;

namespace TaskGateway.Cli;

/// <summary>Prints tasks and subscriptions for scripts: one compact JSON object per line, or one YAML document each.</summary>
internal static class MessagePrinter
{
    // A failed task's error carries google.rpc details (ErrorInfo): the formatter must know their types.
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false)
        .WithTypeRegistry(TypeRegistry.FromFiles(Google.Rpc.ErrorDetailsReflection.Descriptor)));

    // Strings that would read as another type (an etag of digits, "true") stay quoted.
    private static readonly ISerializer Yaml = new SerializerBuilder().WithQuotingNecessaryStrings().Build();

    public static void Print(IAnsiConsole console, IMessage message, OutputFormat format)
    {
        var json = Json.Format(message);
        // Written as plain text: Spectre must neither read markup in it nor wrap it.
        console.Profile.Out.Writer.WriteLine(format == OutputFormat.Yaml ? "---\n" + ToYaml(json).TrimEnd('\n') : json);
    }

    // The proto JSON mapping, so the YAML has the same field names and values as the JSON output.
    private static string ToYaml(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Yaml.Serialize(Plain(document.RootElement));
    }

    private static object? Plain(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().ToDictionary(p => p.Name, p => Plain(p.Value), StringComparer.Ordinal),
        JsonValueKind.Array => e.EnumerateArray().Select(Plain).ToList(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.TryGetInt64(out var whole) ? whole : e.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
