using System.Security.Cryptography;
using TaskGateway.Core.Auth;

namespace TaskGateway.Backends.Huawei;

/// <summary>
/// Signs each attempt with AK/SK (SDK-HMAC-SHA256) or the derived V11 algorithm. It sits inside the
/// resilience handler, so a retried request is signed again with a fresh X-Sdk-Date.
/// </summary>
public sealed class AkSkSigningHandler : DelegatingHandler
{
    private readonly string _accessKey;
    private readonly string _secretKey;
    private readonly string? _securityToken;
    private readonly string? _region;
    private readonly string? _derivedService;
    private readonly TimeProvider _time;

    // Only headers the gateway itself sets, with one value each, are signed (host is added apart). Handlers below
    // this one add others on the first attempt (Accept-Encoding, traceparent) and a retry would then sign them:
    // multi-valued ones are written "a, b" on the wire but read back as separate values, and traceparent
    // changes per attempt, so either breaks verification. The API gateway verifies exactly SignedHeaders.
    private static readonly HashSet<string> SignedHeaderNames = new(["accept", "instance-id", "x-project-id", "x-sdk-date", "x-security-token"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates a handler; derived signing when region and service are given.</summary>
    public AkSkSigningHandler(string accessKey, string secretKey, string? securityToken, string? region, string? derivedService, TimeProvider time)
    {
        _accessKey = accessKey;
        _secretKey = secretKey;
        _securityToken = securityToken;
        _region = region;
        _derivedService = derivedService;
        _time = time;
    }

    /// <inheritdoc/>
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("The request has no URI.");
        var date = HuaweiSigner.FormatDate(_time.GetUtcNow());
        request.Headers.Remove(HuaweiSigner.DateHeader);
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation(HuaweiSigner.DateHeader, date);
        if (request.Options.TryGetValue(UpstreamRequestOptions.ProjectId, out var project) && !request.Headers.Contains("X-Project-Id"))
        {
            request.Headers.TryAddWithoutValidation("X-Project-Id", project);
        }

        if (_securityToken is { Length: > 0 })
        {
            request.Headers.Remove("X-Security-Token");
            request.Headers.TryAddWithoutValidation("X-Security-Token", _securityToken);
        }

        var headers = new List<KeyValuePair<string, string>> { new("host", uri.IsDefaultPort ? uri.Host : uri.Authority) };
        foreach (var header in request.Headers)
        {
            if (SignedHeaderNames.Contains(header.Key) && header.Value.Count() == 1)
            {
                headers.Add(new(header.Key.ToLowerInvariant(), header.Value.First()));
            }
        }

        var bodyHash = HuaweiSigner.EmptyBodyHash;
        if (request.Content is not null)
        {
            var body = await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            bodyHash = Convert.ToHexStringLower(SHA256.HashData(body));
        }

        var canonical = HuaweiSigner.CanonicalRequest(request.Method.Method, uri.AbsolutePath, uri.Query, headers, bodyHash);
        var signedHeaders = HuaweiSigner.SignedHeaderList(headers.Select(h => h.Key));
        string authorization;
        if (_region is { Length: > 0 } && _derivedService is { Length: > 0 })
        {
            var info = HuaweiSigner.DerivedInfo(date, _region, _derivedService);
            authorization = HuaweiSigner.DerivedAuthorizationHeader(_accessKey, info, signedHeaders, HuaweiSigner.SignDerived(canonical, date, info, _accessKey, _secretKey));
        }
        else
        {
            authorization = HuaweiSigner.AuthorizationHeader(_accessKey, signedHeaders, HuaweiSigner.Sign(canonical, date, _secretKey));
        }

        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
