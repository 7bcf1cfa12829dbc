using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Spectre.Console;
using TaskGateway.Contracts.V1;

namespace TaskGateway.Cli;

/// <summary>Prints tasks for scripts: one compact JSON object per line, or one YAML document per task.</summary>
internal static class TaskPrinter
{
    // A failed task's error carries google.rpc details (ErrorInfo): the formatter must know their types.
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false)
        .WithTypeRegistry(TypeRegistry.FromFiles(Google.Rpc.ErrorDetailsReflection.Descriptor)));

    public static void Print(IAnsiConsole console, CloudTask task, OutputFormat format)
    {
        var json = Json.Format(task);
        // Written as plain text: Spectre must neither read markup in it nor wrap it.
        console.Profile.Out.Writer.WriteLine(format == OutputFormat.Yaml ? "---\n" + Yaml(json) : json);
    }

    /// <summary>The proto JSON mapping as YAML: mappings, sequences and JSON scalars (double-quoted strings are valid YAML).</summary>
    private static string Yaml(string json)
    {
        using var document = JsonDocument.Parse(json);
        var yaml = new StringBuilder();
        Write(yaml, document.RootElement, 0);
        return yaml.ToString().TrimEnd('\n');
    }

    private static void Write(StringBuilder yaml, JsonElement element, int indent)
    {
        var pad = new string(' ', indent);
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    yaml.Append(pad).Append(JsonSerializer.Serialize(property.Name)).Append(':');
                    WriteValue(yaml, property.Value, indent);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    yaml.Append(pad).Append('-');
                    WriteValue(yaml, item, indent);
                }

                break;
        }
    }

    private static void WriteValue(StringBuilder yaml, JsonElement value, int indent)
    {
        var empty = value.ValueKind switch
        {
            JsonValueKind.Object => !value.EnumerateObject().Any(),
            JsonValueKind.Array => value.GetArrayLength() == 0,
            _ => false,
        };
        if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Array && !empty)
        {
            yaml.Append('\n');
            Write(yaml, value, indent + 2);
            return;
        }

        yaml.Append(' ').Append(value.ValueKind switch
        {
            JsonValueKind.Object => "{}",
            JsonValueKind.Array => "[]",
            _ => value.GetRawText(),
        }).Append('\n');
    }
}
