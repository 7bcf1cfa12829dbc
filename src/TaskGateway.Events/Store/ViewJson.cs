using System.Text;
using System.Text.Json;

namespace TaskGateway.Events.Store;

/// <summary>A collection subscription's view as stored: one JSON object, task name to etag.</summary>
internal static class ViewJson
{
    public static string Write(IReadOnlyDictionary<string, string> view)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, etag) in view)
            {
                writer.WriteString(name, etag);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static IReadOnlyDictionary<string, string> Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var view = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            view[property.Name] = property.Value.GetString() ?? string.Empty;
        }

        return view;
    }
}
