using System.Security.Cryptography;
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
    public void Encode_Twice_GivesDifferentOpaqueTokens()
    {
        var a = _codec.Encode("s", new PageCursor(10, string.Empty));
        var b = _codec.Encode("s", new PageCursor(10, string.Empty));

        Assert.NotEqual(a, b);
        Assert.DoesNotContain("10", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(Pad(a))));
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

    private static string Pad(string s)
    {
        s = s.Replace('-', '+').Replace('_', '/');
        return s + new string('=', (4 - (s.Length % 4)) % 4);
    }
}
