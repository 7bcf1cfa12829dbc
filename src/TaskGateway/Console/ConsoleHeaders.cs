namespace TaskGateway.WebConsole;

/// <summary>The security headers every console response carries.</summary>
internal static class ConsoleHeaders
{
    /// <summary>
    /// Only the gateway's own origin may supply scripts, styles, images and connections; no inline script or style
    /// (so an injected string can never run), no base element, forms post only here, and no page may frame the
    /// console (clickjacking).
    /// </summary>
    public const string ContentSecurityPolicy = "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static void Apply(HttpResponse response)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
    }
}
