using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace TaskGateway.Security;

/// <summary>
/// The configured API keys as SHA-256 digests, computed once: the authentication handler is made per request, and
/// hashing every configured key again for each call is work no call needs.
/// </summary>
internal sealed class ApiKeyDigests(IOptions<CallerOptions> callers)
{
    /// <summary>Each key's caller name and the digest of its value.</summary>
    public IReadOnlyList<(string Caller, byte[] Digest)> Keys { get; } =
        [.. callers.Value.ApiKeys.Select(k => (k.Key, SHA256.HashData(Encoding.UTF8.GetBytes(k.Value))))];
}
