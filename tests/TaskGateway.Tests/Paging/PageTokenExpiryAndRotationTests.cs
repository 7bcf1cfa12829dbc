using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using TaskGateway.Core.Paging;

namespace TaskGateway.Tests.Paging;

/// <summary>Page and resume tokens name their key and expire: what makes the key rotatable.</summary>
public class PageTokenExpiryAndRotationTests
{
    private static readonly byte[] KeyA = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] KeyB = RandomNumberGenerator.GetBytes(32);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Decode_BeforeMaxAge_Opens()
    {
        var codec = new PageTokenCodec(KeyA, _time, TimeSpan.FromHours(1));
        var token = codec.Encode("s", new PageCursor(7, "m"));

        _time.Advance(TimeSpan.FromMinutes(59));

        Assert.Equal(PageTokenOutcome.Opened, codec.Decode(token, "s", out var cursor));
        Assert.Equal(new PageCursor(7, "m"), cursor);
    }

    [Fact]
    public void Decode_AtOrAfterMaxAge_Expired()
    {
        var codec = new PageTokenCodec(KeyA, _time, TimeSpan.FromHours(1));
        var token = codec.Encode("s", new PageCursor(7, "m"));

        _time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(PageTokenOutcome.Expired, codec.Decode(token, "s", out var cursor));
        Assert.Equal(default, cursor);
        Assert.False(codec.TryDecode(token, "s", out _));
    }

    [Fact]
    public void Decode_DefaultMaxAge_TwentyFourHours()
    {
        var codec = new PageTokenCodec(KeyA, _time);
        var token = codec.Encode("s", PageCursor.Start);

        _time.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        Assert.Equal(PageTokenOutcome.Opened, codec.Decode(token, "s", out _));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(PageTokenOutcome.Expired, codec.Decode(token, "s", out _));
    }

    [Fact]
    public void Decode_ExpiredTokenOfAnotherScope_InvalidNotExpired()
    {
        // Expiry is only said of a genuine token for this scope: anything else is simply not a token.
        var codec = new PageTokenCodec(KeyA, _time, TimeSpan.FromHours(1));
        var token = codec.Encode("s", PageCursor.Start);
        _time.Advance(TimeSpan.FromDays(2));

        Assert.Equal(PageTokenOutcome.Invalid, codec.Decode(token, "other", out _));
    }

    [Fact]
    public void Decode_SealedWithPreviousKey_OpensWhenConfiguredAsPrevious()
    {
        var old = new PageTokenCodec(KeyA, _time).Encode("s", new PageCursor(3, string.Empty));

        var rotating = new PageTokenCodec(KeyB, _time, previousKey: KeyA);

        Assert.Equal(PageTokenOutcome.Opened, rotating.Decode(old, "s", out var cursor));
        Assert.Equal(3, cursor.Offset);
    }

    [Fact]
    public void Decode_SealedWithPreviousKey_InvalidWhenNotConfigured()
    {
        var old = new PageTokenCodec(KeyA, _time).Encode("s", PageCursor.Start);

        Assert.Equal(PageTokenOutcome.Invalid, new PageTokenCodec(KeyB, _time).Decode(old, "s", out _));
        Assert.Equal(PageTokenOutcome.Invalid, new PageTokenCodec(KeyB, _time, previousKey: RandomNumberGenerator.GetBytes(32)).Decode(old, "s", out _));
    }

    [Fact]
    public void Decode_SealedWithPreviousKey_ExpiresLikeAnyToken()
    {
        var old = new PageTokenCodec(KeyA, _time).Encode("s", PageCursor.Start);
        var rotating = new PageTokenCodec(KeyB, _time, TimeSpan.FromHours(1), previousKey: KeyA);

        _time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(PageTokenOutcome.Expired, rotating.Decode(old, "s", out _));
    }

    [Fact]
    public void Encode_DuringRotation_SealsWithTheCurrentKey()
    {
        var rotating = new PageTokenCodec(KeyB, _time, previousKey: KeyA);
        var token = rotating.Encode("s", PageCursor.Start);

        Assert.Equal(PageTokenOutcome.Opened, new PageTokenCodec(KeyB, _time).Decode(token, "s", out _));
        Assert.Equal(PageTokenOutcome.Invalid, new PageTokenCodec(KeyA, _time).Decode(token, "s", out _));
        Assert.Equal(rotating.KeyId, KeyIdIn(token));
    }

    [Fact]
    public void Encode_Token_CarriesVersionAndKeyIdInClear()
    {
        var codec = new PageTokenCodec(KeyA, _time);

        var bytes = Bytes(codec.Encode("s", PageCursor.Start));

        Assert.Equal(3, bytes[0]);
        Assert.Equal(codec.KeyId, Convert.ToHexStringLower(bytes.AsSpan(1, 4)));
        Assert.Matches("^[0-9a-f]{8}$", codec.KeyId);
        Assert.NotEqual(codec.KeyId, new PageTokenCodec(KeyB, _time).KeyId);
        // The id is a digest of the key, not a piece of it.
        Assert.DoesNotContain(codec.KeyId, Convert.ToHexStringLower(KeyA), StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_KeyIdChangedToThePreviousKeys_Invalid()
    {
        // The key id is authenticated: pointing a token at the other key makes it fail, never open differently.
        var rotating = new PageTokenCodec(KeyB, _time, previousKey: KeyA);
        var bytes = Bytes(rotating.Encode("s", PageCursor.Start));
        Convert.FromHexString(rotating.PreviousKeyId!).CopyTo(bytes, 1);

        Assert.Equal(PageTokenOutcome.Invalid, rotating.Decode(Token(bytes), "s", out _));
    }

    [Fact]
    public void Decode_PreviousVersionToken_Invalid()
    {
        var bytes = Bytes(new PageTokenCodec(KeyA, _time).Encode("s", PageCursor.Start));
        bytes[0] = 2;

        Assert.Equal(PageTokenOutcome.Invalid, new PageTokenCodec(KeyA, _time).Decode(Token(bytes), "s", out _));
    }

    [Fact]
    public void Constructor_NonPositiveMaxAge_Refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new PageTokenCodec(KeyA, _time, TimeSpan.Zero));

    [Fact]
    public void Constructor_ShortPreviousKey_Refused() =>
        Assert.Throws<ArgumentException>(() => new PageTokenCodec(KeyA, _time, previousKey: new byte[16]));

    private static string KeyIdIn(string token) => Convert.ToHexStringLower(Bytes(token).AsSpan(1, 4));

    private static byte[] Bytes(string token)
    {
        var s = token.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s + new string('=', (4 - (s.Length % 4)) % 4));
    }

    private static string Token(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
