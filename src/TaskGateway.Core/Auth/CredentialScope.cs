using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace TaskGateway.Core.Auth;

/// <summary>
/// Whose credentials an upstream call uses: the gateway's own, or one caller token's (pass-through sources). The
/// scope of a caller token is a digest of it, so the token itself never sits in a key that may be logged; the
/// resilience pipeline of a call is chosen by its scope (<see cref="PipelineKey"/>).
/// </summary>
public static class CredentialScope
{
    /// <summary>The pipeline key of calls with the gateway's own credentials (the one health and readiness report).</summary>
    public const string GatewayPipeline = "gateway";

    /// <summary>The prefix of the pipeline keys of caller-token buckets.</summary>
    public const string CallerPipelinePrefix = "caller-";

    /// <summary>The most caller buckets a source may have (TaskGateway:Sources:{alias}:CallerPipelineBuckets).</summary>
    public const int MaxBuckets = 1024;

    private static readonly string[] CallerKeys = [.. Enumerable.Range(0, MaxBuckets).Select(b => CallerPipelinePrefix + b.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>"caller:" and the SHA-256 of the token in lower-case hex.</summary>
    public static string Of(string token) => "caller:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>
    /// The bucket (0 to <paramref name="buckets"/> - 1) of a scope: the first 8 bytes of its digest modulo the count,
    /// so a scope always lands in the same bucket and scopes spread evenly over them.
    /// </summary>
    public static int BucketOf(string scope, int buckets)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        const string prefix = "caller:";
        Span<byte> head = stackalloc byte[8];
        var hex = scope.AsSpan(scope.StartsWith(prefix, StringComparison.Ordinal) ? prefix.Length : 0);
        if (hex.Length >= 16 && Convert.FromHexString(hex[..16], head, out _, out var written) == OperationStatus.Done && written == 8)
        {
            return (int)(BinaryPrimitives.ReadUInt64BigEndian(head) % (ulong)buckets);
        }

        // Not a digest (a scope made elsewhere): hash it, still deterministically.
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(scope));
        return (int)(BinaryPrimitives.ReadUInt64BigEndian(digest) % (ulong)buckets);
    }

    /// <summary>
    /// The resilience pipeline instance for a call: <see cref="GatewayPipeline"/> without a caller scope, else the
    /// scope's bucket ("caller-7"). The number of buckets bounds the pipelines a source can ever have, whatever tokens
    /// callers send: the library's pipeline registry keeps every instance it made for the life of the process.
    /// </summary>
    public static string PipelineKey(string? scope, int buckets) =>
        scope is null ? GatewayPipeline : CallerKeys[BucketOf(scope, Math.Min(buckets, MaxBuckets))];
}
