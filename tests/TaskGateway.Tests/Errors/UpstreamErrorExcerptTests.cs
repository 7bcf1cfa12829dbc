using System.Text;
using TaskGateway.Core.Http;

namespace TaskGateway.Tests.Errors;

public class UpstreamErrorExcerptTests
{
    [Fact]
    public void Excerpt_HtmlPage_MarkupScriptsAndEntitiesRemoved()
    {
        var page = "<html><head><style>p{x:1}</style><script>alert('x')</script></head><body><h1>Service&nbsp;Unavailable</h1><!-- node 7 --></body></html>";

        Assert.Equal("Service Unavailable", UpstreamErrorReader.Excerpt(Encoding.UTF8.GetBytes(page)));
    }

    [Fact]
    public void Excerpt_LongText_AtMost200Characters()
    {
        var text = string.Join(' ', Enumerable.Repeat("word", 500));

        Assert.Equal(UpstreamErrorReader.MaxExcerptLength, UpstreamErrorReader.Excerpt(Encoding.UTF8.GetBytes(text)).Length);
    }

    [Fact]
    public void Excerpt_BinaryBody_OnlyPrintableCharacters()
    {
        byte[] body = [0x00, 0x01, 0xFF, 0xFE, (byte)'o', (byte)'k', 0x1B, 0x07];

        var excerpt = UpstreamErrorReader.Excerpt(body);

        Assert.Equal("ok", excerpt);
    }

    [Fact]
    public void Excerpt_TextEchoingACredential_Redacted()
    {
        var excerpt = UpstreamErrorReader.Excerpt("Bad token: eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlc2lnbmF0dXJl"u8);

        Assert.DoesNotContain("eyJ", excerpt, StringComparison.Ordinal);
    }
}
