using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.Options;

namespace TaskGateway.Security;

/// <summary>
/// Answers the authorization fallback policy's refusals the way the gateway's own errors look, instead of a bare
/// challenge: UNAUTHENTICATED with ErrorInfo for gRPC callers (every gRPC method, reflection, health, and the
/// framework's catch-all for unknown methods alike), HTTP 401 with the google.rpc.Status as JSON for the rest.
/// </summary>
internal sealed class CallerAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();
    private readonly CallerOptions _options;

    public CallerAuthorizationResultHandler(IOptions<CallerOptions> options) => _options = options.Value;

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!authorizeResult.Challenged && !authorizeResult.Forbidden)
        {
            return _default.HandleAsync(next, context, policy, authorizeResult);
        }

        if (_options.Jwt.Enabled)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
        }

        return RefusalWriter.WriteAsync(context, CallerRefusals.Unauthenticated(_options), StatusCodes.Status401Unauthorized);
    }
}
