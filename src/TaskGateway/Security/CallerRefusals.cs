using TaskGateway.Contracts.V1;
using System.Globalization;
using Grpc.Core;
using TaskGateway.Core.Errors;

namespace TaskGateway.Security;

/// <summary>The refusals of the callers' boundary, as gateway errors with ErrorInfo reasons.</summary>
internal static class CallerRefusals
{
    public static GatewayException Unauthenticated(CallerOptions options) => new(StatusCode.Unauthenticated, ErrorReason.Unauthenticated,
        $"This gateway needs caller credentials: {Describe(options)}.");

    public static GatewayException TooManyWatches(CallerOptions options) => new(StatusCode.ResourceExhausted, ErrorReason.TooManyWatchStreams,
        $"This caller already holds {options.MaxWatchStreams} open watch streams; close one, or watch a collection with WatchTasks instead of many tasks.",
        new Dictionary<string, string> { ["limit"] = options.MaxWatchStreams.ToString(CultureInfo.InvariantCulture) },
        TimeSpan.FromSeconds(1));

    public static GatewayException TooManyCallsInFlight(CallerOptions options) => new(StatusCode.ResourceExhausted, ErrorReason.TooManyCallsInFlight,
        $"This caller already has {options.MaxCallsInFlight} calls in flight; wait for one to finish before starting another.",
        new Dictionary<string, string> { ["limit"] = options.MaxCallsInFlight.ToString(CultureInfo.InvariantCulture) },
        TimeSpan.FromSeconds(1));

    public static GatewayException RateLimited(CallerOptions options, TimeSpan retry)
    {
        var rate = options.RequestsPerSecond.GetValueOrDefault().ToString(CultureInfo.InvariantCulture);
        return new(StatusCode.ResourceExhausted, ErrorReason.RateLimited,
            $"This caller exceeded its rate of {rate} calls per second (bursts of {options.EffectiveBurst}); retry after the suggested delay.",
            new Dictionary<string, string> { ["limit"] = rate },
            retry > TimeSpan.Zero ? retry : TimeSpan.FromSeconds(1));
    }

    public static GatewayException HostNotLoopback() => new(StatusCode.PermissionDenied, ErrorReason.HostNotLoopback,
        "This gateway has no caller authentication and serves callers on this machine only: address it as localhost, " +
        "127.0.0.1 or [::1]. To serve other machines, configure TaskGateway:Callers:ApiKeys or TaskGateway:Callers:Jwt.");

    private static string Describe(CallerOptions options) => (options.ApiKeys.Count > 0, options.Jwt.Enabled) switch
    {
        (true, true) => $"an API key in the {ApiKeyAuthenticationHandler.Header} header, or a JWT in Authorization: Bearer",
        (true, false) => $"an API key in the {ApiKeyAuthenticationHandler.Header} header",
        _ => "a JWT in Authorization: Bearer",
    };
}
