namespace TaskGateway.Core.Http;

/// <summary>Percent-encodes one path segment or query value; ids were validated already, this is the second fence.</summary>
public static class Segment
{
    /// <summary>Escapes a value for a path segment or a query value.</summary>
    public static string Escape(string value) => System.Uri.EscapeDataString(value);
}
