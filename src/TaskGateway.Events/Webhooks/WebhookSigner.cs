using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TaskGateway.Events.Webhooks;

/// <summary>
/// Standard Webhooks v1 signatures: HMAC-SHA256 over "{id}.{timestamp}.{body}", the body as the exact bytes sent.
/// Each attempt is signed anew with the time of that attempt, so receivers' replay windows accept retries.
/// </summary>
internal sealed class WebhookSigner(TimeProvider time)
{
    /// <summary>The event id, the same on every attempt: receivers deduplicate on it.</summary>
    public const string IdHeader = "webhook-id";

    /// <summary>When the attempt was signed, in Unix seconds.</summary>
    public const string TimestampHeader = "webhook-timestamp";

    /// <summary>`v1,` and the base64 signature.</summary>
    public const string SignatureHeader = "webhook-signature";

    /// <summary>Adds the three headers to <paramref name="request"/>, signing <paramref name="body"/> with <paramref name="key"/> now.</summary>
    public void Sign(HttpRequestMessage request, string id, ReadOnlySpan<byte> key, ReadOnlySpan<byte> body)
    {
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        request.Headers.TryAddWithoutValidation(IdHeader, id);
        request.Headers.TryAddWithoutValidation(TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation(SignatureHeader, Signature(key, id, timestamp, body));
    }

    /// <summary>The `webhook-signature` value: `v1,` and the base64 of HMAC-SHA256(key, "{id}.{timestamp}.{body}").</summary>
    public static string Signature(ReadOnlySpan<byte> key, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{id}.{timestamp}.")));
        hmac.AppendData(body);
        return "v1," + Convert.ToBase64String(hmac.GetHashAndReset());
    }
}
