using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace TaskGateway.Sandbox.Middleware;

/// <summary>
/// Verifies a Huawei AK/SK signature (SDK-HMAC-SHA256 or V11-HMAC-SHA256) the way the API gateway does, with the
/// sandbox's own reading of the published algorithm. It deliberately shares no code with the gateway's signer: a
/// sandbox that verified with the gateway's functions would accept any mistake the two share. It also decides
/// itself which headers must be signed (host and x-sdk-date always, x-security-token when one is sent) instead of
/// trusting the request's SignedHeaders list, so a signature over fewer headers is refused.
/// </summary>
internal static class HuaweiSignatureVerifier
{
    /// <summary>The SHA-256 of an empty body, hex, as the API docs print it.</summary>
    private const string EmptyBodyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>Headers every signature must cover, whatever the request lists.</summary>
    private static readonly string[] AlwaysSigned = ["host", "x-sdk-date"];

    /// <summary>Checks a request's Authorization value against the sandbox's keys.</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="rawTarget">The request target as sent: path and query, still percent-encoded.</param>
    /// <param name="header">A request header's value by lower-case name (host included); null when absent.</param>
    /// <param name="body">The request body.</param>
    /// <param name="authorization">The Authorization header value.</param>
    /// <param name="secretFor">The secret key of an access key; null for an unknown key.</param>
    /// <param name="region">The one region derived signatures may name.</param>
    public static SignatureCheck Verify(string method, string rawTarget, Func<string, string?> header, ReadOnlySpan<byte> body, string authorization,
        Func<string, string?> secretFor, string region)
    {
        if (!TryReadAuthorization(authorization, out var algorithm, out var fields)
            || !fields.TryGetValue("SignedHeaders", out var signedList) || !fields.TryGetValue("Signature", out var signature)
            || header("x-sdk-date") is not { Length: 16 } date)
        {
            return SignatureCheck.Malformed;
        }

        var signedNames = signedList.Split(';');
        var coverage = CheckSignedHeaders(signedNames, header);
        if (coverage != SignatureCheck.Valid)
        {
            return coverage;
        }

        var canonical = CanonicalRequest(method, rawTarget, signedNames, header, body);
        string? expected = null;
        var check = algorithm switch
        {
            "SDK-HMAC-SHA256" => SdkSignature(fields, date, canonical, secretFor, out expected),
            "V11-HMAC-SHA256" => V11Signature(fields, date, canonical, secretFor, region, out expected),
            _ => SignatureCheck.Malformed,
        };
        return check == SignatureCheck.Valid ? Compare(expected!, signature) : check;
    }

    // "ALGORITHM Name=value, Name=value": the algorithm and the fields, each named once.
    private static bool TryReadAuthorization(string authorization, out string algorithm, out Dictionary<string, string> fields)
    {
        fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var space = authorization.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0)
        {
            algorithm = string.Empty;
            return false;
        }

        algorithm = authorization[..space];
        foreach (var part in authorization[(space + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !fields.TryAdd(part[..eq], part[(eq + 1)..]))
            {
                return false;
            }
        }

        return true;
    }

    // The signed header names: lower case, each once, and covering every header the API gateway requires.
    private static SignatureCheck CheckSignedHeaders(string[] signedNames, Func<string, string?> header)
    {
        if (signedNames.Any(n => n.Length == 0 || n.Any(char.IsAsciiLetterUpper)) || signedNames.Distinct(StringComparer.Ordinal).Count() != signedNames.Length)
        {
            return SignatureCheck.Malformed;
        }

        // The API gateway refuses a signature that leaves out the host (a request could be replayed on another
        // endpoint) or the date (replayed at any time), and a temporary key's token that is not signed.
        var required = header("x-security-token") is null ? AlwaysSigned : [.. AlwaysSigned, "x-security-token"];
        return required.Any(r => !signedNames.Contains(r, StringComparer.Ordinal))
            ? SignatureCheck.RequiredHeaderNotSigned
            : SignatureCheck.Valid;
    }

    // SDK-HMAC-SHA256: the secret key signs the string to sign directly.
    private static SignatureCheck SdkSignature(Dictionary<string, string> fields, string date, string canonical, Func<string, string?> secretFor, out string? expected)
    {
        expected = null;
        if (!fields.TryGetValue("Access", out var access) || secretFor(access) is not { } secret)
        {
            return SignatureCheck.UnknownKey;
        }

        expected = Hex(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"SDK-HMAC-SHA256\n{date}\n{Sha256Hex(canonical)}")));
        return SignatureCheck.Valid;
    }

    // V11-HMAC-SHA256: a key derived (HKDF) from the secret for the signing day, region and service signs.
    private static SignatureCheck V11Signature(Dictionary<string, string> fields, string date, string canonical, Func<string, string?> secretFor, string region,
        out string? expected)
    {
        expected = null;
        // Credential = AK/yyyyMMdd/region/service, the day being the signing date's.
        if (!fields.TryGetValue("Credential", out var credential) || credential.Split('/') is not [var access, var day, var signedRegion, { Length: > 0 } service])
        {
            return SignatureCheck.Malformed;
        }

        if (secretFor(access) is not { } secret)
        {
            return SignatureCheck.UnknownKey;
        }

        if (day != date[..8] || signedRegion != region)
        {
            return SignatureCheck.BadSignature;
        }

        var info = $"{day}/{signedRegion}/{service}";
        var derived = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32, Encoding.UTF8.GetBytes(access), Encoding.UTF8.GetBytes(info));
        var key = Encoding.UTF8.GetBytes(Hex(derived));
        expected = Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"V11-HMAC-SHA256\n{date}\n{info}\n{Sha256Hex(canonical)}")));
        return SignatureCheck.Valid;
    }

    private static SignatureCheck Compare(string expected, string signature) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature))
            ? SignatureCheck.Valid
            : SignatureCheck.BadSignature;

    /// <summary>The canonical request, built from the published description (API docs, "Signing AK/SK requests").</summary>
    internal static string CanonicalRequest(string method, string rawTarget, IEnumerable<string> signedNames, Func<string, string?> header, ReadOnlySpan<byte> body)
    {
        var q = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var path = q < 0 ? rawTarget : rawTarget[..q];
        var query = q < 0 ? string.Empty : rawTarget[(q + 1)..];

        // Path: each segment decoded then encoded again (RFC 3986 unreserved kept), always ending in '/'.
        var uri = string.Join('/', path.Split('/').Select(s => Uri.EscapeDataString(Uri.UnescapeDataString(s))));
        if (!uri.EndsWith('/'))
        {
            uri += "/";
        }

        // Query: pairs decoded, sorted by name then value, encoded again.
        var pairs = query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => (Name: Unescape(p[0]), Value: p.Length == 2 ? Unescape(p[1]) : string.Empty))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => Uri.EscapeDataString(p.Name) + "=" + Uri.EscapeDataString(p.Value));

        var names = signedNames.Order(StringComparer.Ordinal).ToList();
        var text = new StringBuilder();
        text.Append(method.ToUpperInvariant()).Append('\n').Append(uri).Append('\n').Append(string.Join('&', pairs)).Append('\n');
        foreach (var name in names)
        {
            text.Append(name).Append(':').Append((header(name) ?? string.Empty).Trim()).Append('\n');
        }

        text.Append('\n').Append(string.Join(';', names)).Append('\n');
        text.Append(body.IsEmpty ? EmptyBodyHash : Hex(SHA256.HashData(body)));
        return text.ToString();
    }

    private static string Unescape(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));

    private static string Sha256Hex(string text) => Hex(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string Hex(byte[] bytes) => string.Concat(bytes.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
}
