using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TaskGateway.Backends.Huawei;

/// <summary>
/// Huawei Cloud API signing: SDK-HMAC-SHA256 (AK/SK) and V11-HMAC-SHA256 (derived key). Pure functions over
/// the request's parts, so the gateway signs and the sandbox verifies with the same code, and both are
/// checked against Huawei's published vectors.
/// </summary>
public static class HuaweiSigner
{
    /// <summary>The AK/SK algorithm name.</summary>
    public const string Algorithm = "SDK-HMAC-SHA256";

    /// <summary>The derived-key algorithm name.</summary>
    public const string DerivedAlgorithm = "V11-HMAC-SHA256";

    /// <summary>The signing time header.</summary>
    public const string DateHeader = "X-Sdk-Date";

    /// <summary>The SHA-256 of an empty body, hex.</summary>
    public const string EmptyBodyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>Formats a signing time as X-Sdk-Date wants it.</summary>
    public static string FormatDate(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Builds the canonical request. Headers must be the signed ones, names lower-case.</summary>
    public static string CanonicalRequest(string method, string path, string rawQuery, IEnumerable<KeyValuePair<string, string>> signedHeaders, string bodyHashHex)
    {
        var sorted = signedHeaders.OrderBy(h => h.Key, StringComparer.Ordinal).ToList();
        var builder = new StringBuilder(256);
        builder.Append(method.ToUpperInvariant()).Append('\n');
        builder.Append(CanonicalUri(path)).Append('\n');
        builder.Append(CanonicalQuery(rawQuery)).Append('\n');
        foreach (var (name, value) in sorted)
        {
            builder.Append(name).Append(':').Append(value.Trim()).Append('\n');
        }

        builder.Append('\n');
        builder.Append(SignedHeaderList(sorted.Select(h => h.Key))).Append('\n');
        builder.Append(bodyHashHex);
        return builder.ToString();
    }

    /// <summary>The SignedHeaders value: lower-case names, sorted, ';'-joined.</summary>
    public static string SignedHeaderList(IEnumerable<string> names) =>
        string.Join(';', names.Select(n => n.ToLowerInvariant()).Order(StringComparer.Ordinal));

    /// <summary>Each path segment decoded then re-encoded; a '/' appended when missing (for signing only).</summary>
    public static string CanonicalUri(string path)
    {
        var segments = path.Split('/');
        var builder = new StringBuilder(path.Length + 8);
        for (var i = 0; i < segments.Length; i++)
        {
            if (i > 0)
            {
                builder.Append('/');
            }

            builder.Append(Encode(Uri.UnescapeDataString(segments[i])));
        }

        if (builder.Length == 0 || builder[^1] != '/')
        {
            builder.Append('/');
        }

        return builder.ToString();
    }

    /// <summary>Query pairs decoded, sorted by key then value, re-encoded and '&amp;'-joined.</summary>
    public static string CanonicalQuery(string rawQuery)
    {
        var query = rawQuery.StartsWith('?') ? rawQuery[1..] : rawQuery;
        if (query.Length == 0)
        {
            return string.Empty;
        }

        var pairs = new List<(string Key, string Value)>();
        foreach (var part in query.Split('&'))
        {
            if (part.Length == 0)
            {
                continue;
            }

            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? part : part[..eq];
            var value = eq < 0 ? string.Empty : part[(eq + 1)..];
            pairs.Add((Decode(key), Decode(value)));
        }

        return string.Join('&', pairs
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => Encode(p.Key) + "=" + Encode(p.Value)));
    }

    /// <summary>The SDK-HMAC-SHA256 signature, hex.</summary>
    public static string Sign(string canonicalRequest, string sdkDate, string secretKey) =>
        HmacHex(Encoding.UTF8.GetBytes(secretKey), StringToSign(canonicalRequest, sdkDate));

    /// <summary>The SDK-HMAC-SHA256 string to sign.</summary>
    public static string StringToSign(string canonicalRequest, string sdkDate) =>
        $"{Algorithm}\n{sdkDate}\n{Sha256Hex(canonicalRequest)}";

    /// <summary>The Authorization header value for SDK-HMAC-SHA256.</summary>
    public static string AuthorizationHeader(string accessKey, string signedHeaders, string signature) =>
        $"{Algorithm} Access={accessKey}, SignedHeaders={signedHeaders}, Signature={signature}";

    /// <summary>The derived credential scope: yyyyMMdd/{region}/{service}.</summary>
    public static string DerivedInfo(string sdkDate, string region, string service) => $"{sdkDate[..8]}/{region}/{service}";

    /// <summary>The V11-HMAC-SHA256 signature, hex: HMAC keyed with hex(HKDF-SHA256(SK, salt AK, info)).</summary>
    public static string SignDerived(string canonicalRequest, string sdkDate, string info, string accessKey, string secretKey)
    {
        var derived = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secretKey), 32, Encoding.UTF8.GetBytes(accessKey), Encoding.UTF8.GetBytes(info));
        var key = Encoding.UTF8.GetBytes(Convert.ToHexStringLower(derived));
        return HmacHex(key, $"{DerivedAlgorithm}\n{sdkDate}\n{info}\n{Sha256Hex(canonicalRequest)}");
    }

    /// <summary>The Authorization header value for V11-HMAC-SHA256.</summary>
    public static string DerivedAuthorizationHeader(string accessKey, string info, string signedHeaders, string signature) =>
        $"{DerivedAlgorithm} Credential={accessKey}/{info}, SignedHeaders={signedHeaders}, Signature={signature}";

    /// <summary>Lower-case hex SHA-256 of UTF-8 text.</summary>
    public static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>Whether a header takes part in signing, as the SDKs decide.</summary>
    public static bool IsSignable(string name) =>
        !name.Contains('_', StringComparison.Ordinal) && !name.Equals("content-type", StringComparison.OrdinalIgnoreCase)
        && !name.Equals("authorization", StringComparison.OrdinalIgnoreCase);

    private static string HmacHex(byte[] key, string data) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data)));

    private static string Decode(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));

    // RFC 3986 unreserved characters stay; everything else is %XX upper-case, space as %20.
    private static string Encode(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
