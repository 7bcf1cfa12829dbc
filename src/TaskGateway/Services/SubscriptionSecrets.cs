using System.Security.Cryptography;

namespace TaskGateway.Services;

/// <summary>
/// Standard Webhooks signing secrets: `whsec_` and the base64 of 24 to 64 bytes.
/// TODO(merge): once the webhooks part lands, both methods become calls of
/// TaskGateway.Events.Webhooks.WebhookSecret (Generate, TryParse), which the delivery side signs with.
/// </summary>
internal static class SubscriptionSecrets
{
    private const string Prefix = "whsec_";
    private const int MinBytes = 24;
    private const int MaxBytes = 64;
    private const int GeneratedBytes = 32;

    /// <summary>A new random secret.</summary>
    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(GeneratedBytes));

    /// <summary>Whether a caller's secret has the shape the signer needs.</summary>
    public static bool IsValid(string secret)
    {
        if (!secret.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var encoded = secret.AsSpan(Prefix.Length);
        Span<byte> key = stackalloc byte[MaxBytes + 3];
        return Convert.TryFromBase64Chars(encoded, key, out var length) && length is >= MinBytes and <= MaxBytes;
    }

    /// <summary>The field violation's text: the rule, never the value.</summary>
    public const string Rule = "must be whsec_ followed by the base64 of 24 to 64 random bytes, or empty for the gateway to generate one";
}
