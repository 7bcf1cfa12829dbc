using System.Security.Cryptography;
using TaskGateway.Core.Paging;

namespace TaskGateway.Tests.Paging;

/// <summary>Kills the mutants Stryker left alive in the page token codec (docs/quality-triage.md).</summary>
public class PageTokenCodecMutantTests
{
    private const string Scope = "sources/dms/projects/p1/instances/i1|state = RUNNING";
    private static readonly byte[] Key = [.. Enumerable.Range(1, 32).Select(i => (byte)i)];
    private static readonly byte[] OtherKey = [.. Enumerable.Range(101, 32).Select(i => (byte)i)];

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [Fact]
    public void PreviousKeyId_NoneConfigured_Null_ElseThatKeysId()
    {
        Assert.Null(new PageTokenCodec(Key).PreviousKeyId);
        Assert.Equal(new PageTokenCodec(OtherKey).KeyId, new PageTokenCodec(Key, previousKey: OtherKey).PreviousKeyId);
    }

    [Fact]
    public void Encode_MarkerLongerThanSixtyFourKiB_Throws() =>
        Assert.Throws<OverflowException>(() => new PageTokenCodec(Key).Encode(Scope, new PageCursor(1, new string('m', 65536))));

    [Fact]
    public void Decode_TokenOf1024Characters_Opens1026Refused()
    {
        var codec = new PageTokenCodec(Key);
        string? at1024 = null, at1026 = null;
        for (var length = 600; length < 800 && (at1024 is null || at1026 is null); length++)
        {
            var token = codec.Encode(Scope, new PageCursor(3, new string('m', length)));
            at1024 ??= token.Length == 1024 ? token : null;
            at1026 ??= token.Length == 1026 ? token : null;
        }

        Assert.NotNull(at1024);
        Assert.NotNull(at1026);
        Assert.Equal(PageTokenOutcome.Opened, codec.Decode(at1024, Scope, out var cursor));
        Assert.Equal(3, cursor.Offset);
        Assert.Equal(PageTokenOutcome.Invalid, codec.Decode(at1026, Scope, out _));
    }

    [Fact]
    public void Decode_KeySealedButShorterThanFixedFields_Invalid()
    {
        // Sealed with the key, in the token's layout (version 3, key id, nonce, ciphertext, tag), but with 10 bytes
        // of plaintext where the scope digest, time, offset and marker length need 34: a key holder's malformed token.
        var codec = new PageTokenCodec(Key);
        byte[] header = [3, .. Convert.FromHexString(codec.KeyId)];
        var plain = new byte[10];
        var sealedBytes = new byte[header.Length + 12 + plain.Length + 16];
        header.CopyTo(sealedBytes, 0);
        RandomNumberGenerator.Fill(sealedBytes.AsSpan(header.Length, 12));
        using (var aes = new AesGcm(Key, 16))
        {
            aes.Encrypt(sealedBytes.AsSpan(header.Length, 12), plain, sealedBytes.AsSpan(header.Length + 12, plain.Length),
                sealedBytes.AsSpan(header.Length + 12 + plain.Length), header);
        }

        Assert.Equal(PageTokenOutcome.Invalid, codec.Decode(Base64Url(sealedBytes), Scope, out _));
        Assert.Equal(PageTokenOutcome.Invalid, codec.Decode(Base64Url(sealedBytes[..10]), Scope, out _));
    }

    [Fact]
    public void Decode_NegativeOffset_Invalid()
    {
        var codec = new PageTokenCodec(Key);
        var token = codec.Encode(Scope, new PageCursor(-1, "m"));

        Assert.Equal(PageTokenOutcome.Invalid, codec.Decode(token, Scope, out var cursor));
        Assert.Equal(default, cursor);
    }

    [Theory]
    [InlineData(16, "key")]
    [InlineData(33, "key")]
    public void Constructor_KeyNot32Bytes_Throws(int length, string parameter)
    {
        var e = Assert.Throws<ArgumentException>(() => new PageTokenCodec(new byte[length]));
        Assert.StartsWith("A page token key must be 32 bytes.", e.Message);
        Assert.Equal(parameter, e.ParamName);
    }

    [Fact]
    public void Constructor_PreviousKeyNot32Bytes_ThrowsNamingIt()
    {
        var e = Assert.Throws<ArgumentException>(() => new PageTokenCodec(Key, previousKey: new byte[31]));
        Assert.StartsWith("A page token key must be 32 bytes.", e.Message);
        Assert.Equal("previousKey", e.ParamName);
    }

    [Fact]
    public void Decode_TokenRespelledInStandardBase64_Invalid()
    {
        // A token is base64url; the same bytes spelled with '+' and '/' are not a token this gateway issued.
        var codec = new PageTokenCodec(Key);
        var token = Enumerable.Range(0, 200).Select(i => codec.Encode(Scope, new PageCursor(i, "m" + i))).First(t => t.Contains('-', StringComparison.Ordinal) && t.Contains('_', StringComparison.Ordinal));
        Assert.Equal(PageTokenOutcome.Opened, codec.Decode(token, Scope, out _));

        Assert.Equal(PageTokenOutcome.Invalid, codec.Decode(token.Replace('-', '+'), Scope, out _));
        Assert.Equal(PageTokenOutcome.Invalid, codec.Decode(token.Replace('_', '/'), Scope, out _));
    }
}
