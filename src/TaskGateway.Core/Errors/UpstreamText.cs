using System.Text.RegularExpressions;

namespace TaskGateway.Core.Errors;

/// <summary>
/// Makes a backend's error text fit for the gateway's log. The text is already short and printable (the error reader
/// cuts it); a backend may still echo what it was sent, so anything that looks like a credential goes: the value
/// after a word such as token, key, secret or signature (also inside compound names: access_token, api-key,
/// client_secret, AccessKeyId, where a word boundary would not see it), and any long unbroken run of token characters (bearer
/// tokens, JWTs, access keys, signatures).
/// </summary>
public static partial class UpstreamText
{
    private const string Redacted = "[redacted]";

    /// <summary>The text with credential-like parts replaced by [redacted].</summary>
    public static string ForLog(string text)
    {
        var named = NamedSecret().Replace(text, m => m.Groups["name"].Value + m.Groups["separator"].Value + Redacted);
        return TokenRun().Replace(named, Redacted);
    }

    [GeneratedRegex(@"(?<name>(?<![A-Za-z0-9])(?:bearer|token|key|secret|password|passwd|signature|credential|authorization|x-auth-token|access[_-]?key(?:[_-]?id)?|api[_-]?key|client[_-]?secret|ak|sk)s?(?![A-Za-z0-9]))(?<separator>[\s:=""']+)(?!\[redacted\])(?:(?:bearer|basic)\s+)?[^\s,;""']+",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NamedSecret();

    [GeneratedRegex(@"[A-Za-z0-9+/=_\-.~]{24,}", RegexOptions.CultureInvariant)]
    private static partial Regex TokenRun();
}
