using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using TaskGateway.Core.Errors;
using TaskGateway.Core.Paging;

namespace TaskGateway.Tests.Paging;

public class PageTokenCodecTests
{
    private readonly PageTokenCodec _codec = new(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void Encode_ThenDecodeWithSameScope_RoundTrips()
    {
        var cursor = new PageCursor(40, "5c90fa7d3c4e4405e8525079");

        var token = _codec.Encode("parent\nfilter", cursor);

        Assert.True(_codec.TryDecode(token, "parent\nfilter", out var decoded));
        Assert.Equal(cursor, decoded);
    }

    [Fact]
    public void Encode_Twice_GivesDifferentTokens()
    {
        var a = _codec.Encode("s", new PageCursor(10, string.Empty));
        var b = _codec.Encode("s", new PageCursor(10, string.Empty));

        Assert.NotEqual(a, b);
        Assert.True(_codec.TryDecode(a, "s", out var fromA));
        Assert.True(_codec.TryDecode(b, "s", out var fromB));
        Assert.Equal(fromA, fromB);
    }

    [Fact]
    public void Encode_Token_SealsOffsetMarkerScopeAndTime()
    {
        // What the plaintext holds, in the encodings it is stored in: none of it may be readable in the token.
        // The offset's eight bytes are distinct and non-zero, so any four of them in a row in the token would be a
        // leak (a chance match of four given bytes among ~20 tokens of ~80 bytes is about 1 in 3 million).
        const long offset = 0x0123456789ABCDEF;
        const string marker = "marker-must-not-show";
        const string scope = "projects/p/locations/l/sources/s\nstate = RUNNING";
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(0x5A5B5C5D));
        var codec = new PageTokenCodec(RandomNumberGenerator.GetBytes(32), time);
        var offsetBytes = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(offsetBytes, offset);
        var timeBytes = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(timeBytes, 0x5A5B5C5D);
        var scopeHash = SHA256.HashData(Encoding.UTF8.GetBytes(scope))[..16];
        var secrets = new (string What, byte[] Bytes)[]
        {
            ("offset, little-endian", offsetBytes),
            ("offset, big-endian", offsetBytes.Reverse().ToArray()),
            ("sealing time", timeBytes),
            ("marker", Encoding.UTF8.GetBytes(marker)),
            ("scope", Encoding.UTF8.GetBytes(scope)),
            ("scope digest", scopeHash),
        };

        for (var n = 0; n < 20; n++)
        {
            var token = codec.Encode(scope, new PageCursor(offset, marker));
            var bytes = Convert.FromBase64String(Pad(token));

            Assert.True(codec.TryDecode(token, scope, out var opened));
            Assert.Equal(new PageCursor(offset, marker), opened);
            Assert.DoesNotContain(marker, token, StringComparison.Ordinal);
            foreach (var (what, secret) in secrets)
            {
                for (var i = 0; i + 4 <= secret.Length; i++)
                {
                    Assert.True(bytes.AsSpan().IndexOf(secret.AsSpan(i, 4)) < 0, $"{what} bytes {i}..{i + 3} readable in the token");
                }
            }
        }
    }

    [Fact]
    public void Decode_AnyByteFlipped_Invalid()
    {
        var token = _codec.Encode("s", new PageCursor(1234, "marker"));
        var bytes = Convert.FromBase64String(Pad(token));

        for (var i = 0; i < bytes.Length; i++)
        {
            foreach (var bit in new byte[] { 0x01, 0x80 })
            {
                var tampered = (byte[])bytes.Clone();
                tampered[i] ^= bit;

                Assert.Equal(PageTokenOutcome.Invalid, _codec.Decode(ToBase64Url(tampered), "s", out var cursor));
                Assert.Equal(default, cursor);
            }
        }
    }

    [Fact]
    public void Decode_OtherKeysTokenRelabelledWithThisKeyId_Invalid()
    {
        // The key id in the header only chooses a key; opening still needs the key itself.
        var other = new PageTokenCodec(RandomNumberGenerator.GetBytes(32));
        var bytes = Convert.FromBase64String(Pad(other.Encode("s", new PageCursor(7, "m"))));
        Convert.FromHexString(_codec.KeyId).CopyTo(bytes, 1);

        Assert.Equal(PageTokenOutcome.Invalid, _codec.Decode(ToBase64Url(bytes), "s", out _));
    }

    [Fact]
    public void TryDecode_OtherScope_Refused()
    {
        var token = _codec.Encode("parent-a\n", new PageCursor(10, string.Empty));

        Assert.False(_codec.TryDecode(token, "parent-b\n", out _));
        Assert.False(_codec.TryDecode(token, "parent-a\nstate = RUNNING", out _));
    }

    [Fact]
    public void TryDecode_EveryFlippedCharacter_Refused()
    {
        // Many tokens, so that the last character's unused bits are exercised whatever the nonce.
        for (var n = 0; n < 50; n++)
        {
            var token = _codec.Encode("s", new PageCursor(10, "m"));
            for (var i = 0; i < token.Length; i++)
            {
                var flipped = token.ToCharArray();
                flipped[i] = flipped[i] == 'A' ? 'B' : 'A';
                Assert.False(_codec.TryDecode(new string(flipped), "s", out _), $"position {i}");
            }
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a token")]
    [InlineData("AAAA")]
    [InlineData("%2e%2e")]
    [InlineData("eyJvZmZzZXQiOjEwfQ")]
    public void TryDecode_Garbage_Refused(string token) => Assert.False(_codec.TryDecode(token, "s", out _));

    [Fact]
    public void TryDecode_OtherKey_Refused()
    {
        var token = new PageTokenCodec(RandomNumberGenerator.GetBytes(32)).Encode("s", PageCursor.Start);

        Assert.False(_codec.TryDecode(token, "s", out _));
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(5, 5)]
    [InlineData(1000, 100)]
    public void PageSize_Resolve_DefaultsAndCoerces(int requested, int expected) => Assert.Equal(expected, PageSize.Resolve(requested, 10, 100));

    [Fact]
    public void PageSize_Negative_Refused() =>
        Assert.Equal("page_size", Assert.Throws<RequestValidationException>(() => PageSize.Resolve(-1, 10, 100)).Violations[0].Field);

    private static string ToBase64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Pad(string s)
    {
        s = s.Replace('-', '+').Replace('_', '/');
        return s + new string('=', (4 - (s.Length % 4)) % 4);
    }
}
