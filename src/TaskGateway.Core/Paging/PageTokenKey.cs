using System.Security.Cryptography;

namespace TaskGateway.Core.Paging;

/// <summary>
/// A 32-byte page token sealing key and its id: the first bytes of a SHA-256 digest of the key, which tells keys
/// apart in a token without revealing anything of them.
/// </summary>
internal sealed class PageTokenKey
{
    /// <summary>The id's length in bytes.</summary>
    public const int IdSize = 4;

    private static readonly byte[] IdLabel = "taskgateway page token key id\0"u8.ToArray();

    public PageTokenKey(byte[] key, string parameter)
    {
        if (key.Length != 32)
        {
            throw new ArgumentException("A page token key must be 32 bytes.", parameter);
        }

        Key = key;
        Id = SHA256.HashData([.. IdLabel, .. key])[..IdSize];
    }

    public byte[] Key { get; }

    public byte[] Id { get; }
}
