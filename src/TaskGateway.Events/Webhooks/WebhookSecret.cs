using System.Security.Cryptography;

namespace TaskGateway.Events.Webhooks;

/// <summary>
/// Standard Webhooks secrets: `whsec_` and the base64 of the HMAC key. The text of a secret never appears in an
/// error, a log line or a ToString: errors say what is wrong with it, not what it is.
/// </summary>
internal static class WebhookSecret
{
    /// <summary>What every secret starts with.</summary>
    public const string Prefix = "whsec_";

    /// <summary>The shortest key accepted (the spec's lower bound).</summary>
    public const int MinKeyBytes = 24;

    /// <summary>The longest key accepted (the spec's upper bound).</summary>
    public const int MaxKeyBytes = 64;

    /// <summary>The length of a generated key: as long as the HMAC-SHA256 output, more gains nothing.</summary>
    public const int GeneratedKeyBytes = 32;

    /// <summary>A new random secret.</summary>
    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(GeneratedKeyBytes));

    /// <summary>The key of a secret, or false and why not (phrased for a field violation; never the secret itself).</summary>
    public static bool TryParse(string? secret, out byte[] key, out string error)
    {
        key = [];
        if (string.IsNullOrEmpty(secret) || !secret.StartsWith(Prefix, StringComparison.Ordinal))
        {
            error = $"must start with {Prefix} followed by the base64 of a {MinKeyBytes} to {MaxKeyBytes} byte key";
            return false;
        }

        var encoded = secret.AsSpan(Prefix.Length);
        var buffer = new byte[(encoded.Length / 4 * 3) + 3];

        // Convert.TryFromBase64Chars skips white space; a secret that holds any is refused instead, so that one
        // secret has one spelling.
        if (encoded.IsEmpty || encoded.ContainsAny(" \t\r\n") || !Convert.TryFromBase64Chars(encoded, buffer, out var written))
        {
            error = $"must be {Prefix} followed by standard base64 (A-Z, a-z, 0-9, +, /, = padding)";
            return false;
        }

        if (written is < MinKeyBytes or > MaxKeyBytes)
        {
            error = $"must hold a key of {MinKeyBytes} to {MaxKeyBytes} bytes; this one decodes to {written}";
            return false;
        }

        key = buffer[..written];
        error = string.Empty;
        return true;
    }
}
