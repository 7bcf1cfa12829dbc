namespace TaskGateway.Core.Errors;

/// <summary>The ErrorInfo reasons and domain the gateway emits. Stable: clients switch on them.</summary>
public static class ErrorReasons
{
    /// <summary>The ErrorInfo domain of every error.</summary>
    public const string Domain = "taskgateway";

    /// <summary>A request field failed validation.</summary>
    public const string InvalidArgument = "INVALID_ARGUMENT";
    /// <summary>The name's source alias is not configured.</summary>
    public const string SourceNotFound = "SOURCE_NOT_FOUND";
    /// <summary>The source does not support the method.</summary>
    public const string MethodNotSupported = "METHOD_NOT_SUPPORTED_BY_SOURCE";
    /// <summary>The backend answered 404 for the task, or the list holds no such task.</summary>
    public const string TaskNotFound = "TASK_NOT_FOUND";
    /// <summary>The backend refused the gateway's own credentials (401).</summary>
    public const string UpstreamCredentialsRejected = "UPSTREAM_CREDENTIALS_REJECTED";

    /// <summary>A pass-through source refused the caller's own upstream token (x-upstream-token).</summary>
    public const string UpstreamCallerTokenRejected = "UPSTREAM_CALLER_TOKEN_REJECTED";
    /// <summary>The backend said the gateway's identity may not see this resource (403).</summary>
    public const string UpstreamPermissionDenied = "UPSTREAM_PERMISSION_DENIED";
    /// <summary>The backend refused the request as invalid (400).</summary>
    public const string UpstreamInvalidRequest = "UPSTREAM_INVALID_REQUEST";

    /// <summary>A WatchTask's task ended (it will not change any more) without ever matching the stream's until.</summary>
    public const string WatchConditionUnreachable = "WATCH_CONDITION_UNREACHABLE";

    /// <summary>A source ignored the gateway's paging and answered the same page again.</summary>
    public const string UpstreamPagingUnsupported = "UPSTREAM_PAGING_UNSUPPORTED";

    /// <summary>A source refused query parameters the gateway built itself (limit, marker, continue): the gateway's fault.</summary>
    public const string UpstreamRefusedGatewayRequest = "UPSTREAM_REFUSED_GATEWAY_REQUEST";
    /// <summary>The backend throttled the gateway (429).</summary>
    public const string UpstreamRateLimited = "UPSTREAM_RATE_LIMITED";
    /// <summary>The backend failed (5xx) or could not be reached.</summary>
    public const string UpstreamUnavailable = "UPSTREAM_UNAVAILABLE";
    /// <summary>The backend did not answer in time.</summary>
    public const string UpstreamTimeout = "UPSTREAM_TIMEOUT";
    /// <summary>The backend answered with a body the gateway cannot read.</summary>
    public const string UpstreamMalformedResponse = "UPSTREAM_MALFORMED_RESPONSE";
    /// <summary>The backend answered with a redirect, which the gateway never follows.</summary>
    public const string UpstreamRedirect = "UPSTREAM_REDIRECT_REFUSED";
    /// <summary>The backend answered with an HTTP status with no more specific meaning.</summary>
    public const string UpstreamError = "UPSTREAM_ERROR";
    /// <summary>The source's circuit breaker is open; the gateway did not call it.</summary>
    public const string UpstreamCircuitOpen = "UPSTREAM_CIRCUIT_OPEN";
    /// <summary>The gateway already has as many calls in flight to the source as it allows.</summary>
    public const string UpstreamConcurrencyLimit = "UPSTREAM_CONCURRENCY_LIMIT";
    /// <summary>The caller sent more requests than its rate limit allows.</summary>
    public const string RateLimited = "RATE_LIMITED";
    /// <summary>The caller has as many watch streams open as it may.</summary>
    public const string TooManyWatches = "TOO_MANY_WATCH_STREAMS";
    /// <summary>The caller sent no credentials, or ones the gateway does not accept.</summary>
    public const string Unauthenticated = "UNAUTHENTICATED";
    /// <summary>The source passes callers' own tokens through and the caller sent none.</summary>
    public const string UpstreamTokenRequired = "UPSTREAM_TOKEN_REQUIRED";
    /// <summary>The list was paged as far as allowed without finding the task.</summary>
    public const string ScanLimitReached = "TASK_SCAN_LIMIT_REACHED";
    /// <summary>The gateway failed in a way it did not foresee; details are in its log.</summary>
    public const string Internal = "INTERNAL";
    /// <summary>The caller's grants (TaskGateway:Callers:Grants) do not include the source or name it asked for.</summary>
    public const string CallerNotGranted = "CALLER_NOT_GRANTED";
    /// <summary>The caller already has as many calls in flight as it may (TaskGateway:Callers:MaxCallsInFlight).</summary>
    public const string TooManyCallsInFlight = "TOO_MANY_CALLS_IN_FLIGHT";
    /// <summary>A gateway serving loopback only (no caller authentication) was asked for a host that is not loopback.</summary>
    public const string HostNotLoopback = "HOST_NOT_LOOPBACK";
    /// <summary>The backend's answer was larger than the source's MaxResponseBytes (TaskGateway:Sources:{alias}:MaxResponseBytes).</summary>
    public const string UpstreamResponseTooLarge = "UPSTREAM_RESPONSE_TOO_LARGE";
}
