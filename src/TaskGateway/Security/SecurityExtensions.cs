using System.Net;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using TaskGateway.Hosting;
using TaskGateway.Logging;

namespace TaskGateway.Security;

/// <summary>
/// Caller security: secrets from mounted files, caller authentication (API keys, JWT bearer), per-caller limits,
/// and the rule that without authentication the gateway serves loopback only unless explicitly told otherwise.
/// </summary>
internal static class SecurityExtensions
{
    /// <summary>The default directory of mounted secret files (a Kubernetes Secret volume, Docker secrets).</summary>
    public const string DefaultSecretsDirectory = "/run/secrets/taskgateway";

    private const string CallerScheme = "Caller";

    /// <summary>
    /// Adds one configuration key per file from TaskGateway:SecretsDirectory (default /run/secrets/taskgateway,
    /// when it exists): a file named TaskGateway__Sources__dms__Auth__Token holds that key's value. Added last,
    /// so a mounted secret wins over appsettings and the environment.
    /// </summary>
    public static WebApplicationBuilder AddTaskGatewaySecrets(this WebApplicationBuilder builder)
    {
        // A configuration source: decided before the container exists, from the one early-bound SecretsOptions.
        var secrets = builder.BindEarly<SecretsOptions, SecretsOptionsValidator>(SecretsOptions.SectionName);
        var directory = secrets.SecretsDirectory is { Length: > 0 } configured ? configured : DefaultSecretsDirectory;
        if (Directory.Exists(directory))
        {
            builder.Configuration.AddKeyPerFile(Path.GetFullPath(directory), optional: true);
            builder.Services.AddSingleton(new SecretsDirectory(Path.GetFullPath(directory)));
        }

        return builder;
    }

    public static WebApplicationBuilder AddTaskGatewaySecurity(this WebApplicationBuilder builder)
    {
        builder.Services.AddSectionOptions<CallerOptions, CallerOptionsValidator>(builder.Configuration, CallerOptions.SectionName);
        builder.Services.AddSingleton<IValidateOptions<HostingOptions>, ExposureRule>();
        builder.Services.AddSingleton<CallerLimits>();
        builder.Services.AddSingleton<ApiKeyDigests>();

        // Both schemes are registered; which one a request uses, and what JWT accepts, is read from
        // IOptions<CallerOptions> once the host has validated it: the JWT handler only ever runs when JWT is enabled.
        // The caller scheme is the default only while callers authenticate: without API keys or JWT every caller is
        // anonymous, and the authentication middleware, finding no default scheme, runs no handler on any request.
        builder.Services.AddAuthentication()
            .AddPolicyScheme(CallerScheme, "API key or JWT", o => o.ForwardDefaultSelector = http =>
                CallersOf(http.RequestServices).Jwt.Enabled && !http.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.Header)
                    ? JwtBearerDefaults.AuthenticationScheme
                    : ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddJwtBearer();
        builder.Services.AddOptions<AuthenticationOptions>().Configure<IOptions<CallerOptions>>((o, callers) =>
        {
            if (callers.Value.AuthenticationEnabled)
            {
                o.DefaultScheme = CallerScheme;
            }
        });
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<CallerOptions>>((o, callers) => ConfigureJwt(o, callers.Value.Jwt));

        // Deny by default: with caller authentication on, every endpoint (gRPC methods, the gRPC framework's
        // catch-all for unknown methods, reflection, health, REST routes, /metrics, /openapi.json, and any endpoint
        // added later) needs an authenticated caller unless it is explicitly marked AllowAnonymous
        // (TaskGateway:Callers:Anonymous). Without authentication there is nobody to check: loopback only.
        builder.Services.AddAuthorization();
        builder.Services.AddOptions<AuthorizationOptions>().Configure<IOptions<CallerOptions>>((o, callers) =>
        {
            if (callers.Value.AuthenticationEnabled)
            {
                o.FallbackPolicy = new AuthorizationPolicyBuilder(CallerScheme).RequireAuthenticatedUser().Build();
            }
        });
        builder.Services.AddSingleton<IAuthorizationMiddlewareResultHandler, CallerAuthorizationResultHandler>();
        builder.Services.AddHostedService<ExposureCheck>();
        return builder;
    }

    /// <summary>
    /// The callers' boundary in the request pipeline: the local-only rule first (before anything else runs), then
    /// authentication and the authorization fallback policy.
    /// </summary>
    public static WebApplication UseTaskGatewayCallerBoundary(this WebApplication app)
    {
        app.UseMiddleware<LocalOnlyMiddleware>();
        return app;
    }

    /// <summary>Authentication, then authorization of the matched endpoint (the fallback policy when it has none).</summary>
    public static WebApplication UseTaskGatewayCallerAuthorization(this WebApplication app)
    {
        // On the application itself, not in a branch: WebApplication puts an authentication middleware of its own at
        // the head of the pipeline, before the local-only rule, unless the application has one. Without API keys or
        // JWT there is no credential to check (the gateway then serves loopback only, or behind
        // AllowUnauthenticatedRemote): no default scheme is set, so this middleware runs no handler.
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>
    /// Marks an endpoint open to callers without credentials when its TaskGateway:Callers:Anonymous switch is on.
    /// The switch is read when the endpoints are built (the first request), from the validated callers' options.
    /// </summary>
    public static TBuilder AllowAnonymousWhen<TBuilder>(this TBuilder endpoint, Func<CallerAnonymousOptions, bool> open)
        where TBuilder : IEndpointConventionBuilder
    {
        endpoint.Add(e =>
        {
            if (open(CallersOf(e.ApplicationServices).Anonymous))
            {
                e.Metadata.Add(new AllowAnonymousAttribute());
            }
        });
        return endpoint;
    }

    private static CallerOptions CallersOf(IServiceProvider services) => services.GetRequiredService<IOptions<CallerOptions>>().Value;

    /// <summary>
    /// Says at start how callers are checked (loudly when nobody checks them beyond loopback), whether grants narrow
    /// what they read, and, at Warning, every pass-through source that falls back to the gateway's own token: each
    /// weakens or states a boundary, so each must stay visible at every start.
    /// </summary>
    public static void LogExposure(IServiceProvider services, ILogger logger)
    {
        var grants = services.GetRequiredService<IOptions<CallerGrantsOptions>>().Value;
        if (grants.Enabled)
        {
            Log.GrantsConfigured(logger, grants.Grants.Count);
        }
        else
        {
            Log.GrantsNotConfigured(logger);
        }

        foreach (var (alias, source) in services.GetRequiredService<IOptions<Core.Sources.GatewayOptions>>().Value.Sources.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            if (source.Auth is { PassCallerToken: true, AllowGatewayTokenFallback: true })
            {
                Log.GatewayTokenFallback(logger, alias);
            }
        }

        var callers = services.GetRequiredService<IOptions<CallerOptions>>().Value;
        var address = services.GetRequiredService<IOptions<HostingOptions>>().Value.Address;
        if (services.GetService<SecretsDirectory>() is { } secrets)
        {
            Log.SecretFiles(logger, secrets.Path);
        }

        if (callers.AuthenticationEnabled)
        {
            Log.CallerAuthentication(logger, (callers.ApiKeys.Count > 0, callers.Jwt.Enabled) switch
            {
                (true, true) => "API keys (x-api-key) or JWT bearer tokens",
                (true, false) => "API keys (x-api-key)",
                _ => "JWT bearer tokens",
            });
            var open = callers.Anonymous is not { } anonymous ? [] : new (bool Open, string Name)[]
            {
                (anonymous.Health, "health (grpc.health.v1, /healthz/*)"),
                (anonymous.Reflection, "server reflection"),
                (anonymous.Metrics, "/metrics"),
                (anonymous.OpenApi, "/openapi.json"),
            }.Where(s => s.Open).Select(s => s.Name).ToList();
            if (open.Count > 0)
            {
                Log.AnonymousSurfaces(logger, string.Join(", ", open));
            }
        }
        else if (IPAddress.TryParse(address, out var ip) && IPAddress.IsLoopback(ip))
        {
            Log.LoopbackOnly(logger, address);
        }
        else
        {
            Log.UnauthenticatedRemote(logger, address);
        }
    }

    /// <summary>JWT typ values accepted (case-insensitive, with or without "application/"); a token without typ passes.</summary>
    internal static readonly string[] AcceptedTypes = ["JWT", "at+jwt"];

    internal static string ValidateType(string type, SecurityToken token, TokenValidationParameters parameters)
    {
        if (string.IsNullOrEmpty(type))
        {
            return type;
        }

        var bare = type.StartsWith("application/", StringComparison.OrdinalIgnoreCase) ? type["application/".Length..] : type;
        return AcceptedTypes.Contains(bare, StringComparer.OrdinalIgnoreCase)
            ? type
            : throw new SecurityTokenInvalidTypeException("The token's typ is not JWT or at+jwt.") { InvalidType = type };
    }

    private static void ConfigureJwt(JwtBearerOptions o, CallerJwtOptions jwt)
    {
        o.MapInboundClaims = false;
        o.Authority = string.IsNullOrWhiteSpace(jwt.Authority) ? null : jwt.Authority;
        o.Audience = jwt.Audience;
        o.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidIssuer = string.IsNullOrWhiteSpace(jwt.Issuer) ? jwt.Authority : jwt.Issuer,
            ValidateAudience = true,
            ValidAudience = jwt.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            NameClaimType = "sub",

            // The caller's identity (and its limit bucket) is recognised by this type, which a token cannot set.
            AuthenticationType = CallerIdentity.JwtAuthenticationType,

            // A typ header, when present, must say the token is a JWT or an OAuth access token (RFC 9068), so an
            // ID token, a logout token or any other JWT the issuer signs for another purpose is not accepted.
            TypeValidator = ValidateType,
        };
        if (jwt.SigningKey is { Length: > 0 } key)
        {
            o.TokenValidationParameters.IssuerSigningKey = new SymmetricSecurityKey(Convert.FromBase64String(key));
            o.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
        }
    }
}
