namespace TaskGateway.Core.Sources;

/// <summary>The one check for configured key material (page token keys, JWT signing keys).</summary>
public static class KeyMaterial
{
    /// <summary>Whether the value is base64 of at least <paramref name="minBytes"/> bytes.</summary>
    public static bool IsBase64Key(string value, int minBytes = 32)
    {
        var buffer = new byte[value.Length];
        return Convert.TryFromBase64String(value, buffer, out var written) && written >= minBytes;
    }
}
