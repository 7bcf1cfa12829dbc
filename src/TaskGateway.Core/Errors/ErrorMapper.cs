using TaskGateway.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using StatusCode = Grpc.Core.StatusCode;

namespace TaskGateway.Core.Errors;

/// <summary>
/// The one place where failures become gRPC statuses: google.rpc.Status with ErrorInfo always, plus
/// RetryInfo or BadRequest where they apply. Messages are built from fixed text and values the caller or the
/// backend supplied, never from exception messages of the runtime, so no stack trace or secret leaks.
/// </summary>
public static class ErrorMapper
{
    /// <summary>The delay suggested when a backend throttles without Retry-After (vendors commonly advise 2 to 5 s).</summary>
    public static readonly TimeSpan DefaultThrottleDelay = TimeSpan.FromSeconds(2);

    /// <summary>The delay suggested after a backend failure or timeout.</summary>
    public static readonly TimeSpan DefaultUnavailableDelay = TimeSpan.FromSeconds(1);

    /// <summary>Maps a validation failure.</summary>
    public static RpcException Map(RequestValidationException e)
    {
        var badRequest = new BadRequest();
        foreach (var v in e.Violations)
        {
            badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description });
        }

        var status = NewStatus(StatusCode.InvalidArgument, "Invalid request: " + e.Message, ErrorReason.InvalidArgument, new()
        {
            ["fields"] = string.Join(",", e.Violations.Select(v => v.Field).Distinct()),
        });
        status.Details.Add(Any.Pack(badRequest));
        return status.ToRpcException();
    }

    /// <summary>Maps a gateway decision.</summary>
    public static RpcException Map(GatewayException e)
    {
        var status = NewStatus(e.Code, e.Message, e.Reason, new Dictionary<string, string>(e.Metadata));
        if (e.RetryDelay is { } delay)
        {
            status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(delay) }));
        }

        return status.ToRpcException();
    }

    /// <summary>Maps a backend failure by meaning.</summary>
    public static RpcException Map(UpstreamException e)
    {
        var (code, reason, retry) = Classify(e);
        var metadata = new Dictionary<string, string>
        {
            ["source"] = e.SourceAlias,
            ["upstreamHttpStatus"] = e.HttpStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
            ["upstreamErrorCode"] = e.ErrorCode,
            ["upstreamRequestId"] = e.RequestId,
        };
        if (e.InvalidParams.Count > 0)
        {
            // The backend names its own query parameters, which the caller never sent: say what it said in ErrorInfo,
            // never as BadRequest field violations that would point the caller at fields of its request.
            metadata["upstreamInvalidParams"] = string.Join("; ", e.InvalidParams.Select(p => $"{p.Key}: {p.Value}"));
        }

        if (e.ResponseLimitBytes is { } limit)
        {
            metadata["maxResponseBytes"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (e.UndocumentedBodyType is { } type)
        {
            // Evidence for whoever reports the failure, never the message: the body was not the vendor's error JSON.
            metadata["upstreamContentType"] = type;
            metadata["upstreamBodyExcerpt"] = e.BodyExcerpt;
        }

        var status = NewStatus(code, Describe(e, reason), reason, metadata);
        if (retry is { } delay)
        {
            status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(delay) }));
        }

        return status.ToRpcException();
    }

    /// <summary>Maps an exception the gateway did not foresee: INTERNAL, with no detail beyond a fixed text.</summary>
    public static RpcException MapUnexpected() =>
        NewStatus(StatusCode.Internal, "The gateway failed to handle the request; the failure is in its log.", ErrorReason.Internal, []).ToRpcException();

    private static (StatusCode Code, ErrorReason Reason, TimeSpan? Retry) Classify(UpstreamException e) => e.Failure switch
    {
        UpstreamFailure.Timeout => (StatusCode.Unavailable, ErrorReason.UpstreamTimeout, DefaultUnavailableDelay),
        UpstreamFailure.Transport => (StatusCode.Unavailable, ErrorReason.UpstreamUnavailable, DefaultUnavailableDelay),
        UpstreamFailure.MalformedResponse => (StatusCode.Unavailable, ErrorReason.UpstreamMalformedResponse, DefaultUnavailableDelay),
        UpstreamFailure.CircuitOpen => (StatusCode.Unavailable, ErrorReason.UpstreamCircuitOpen, e.RetryAfter ?? DefaultUnavailableDelay),
        UpstreamFailure.ConcurrencyLimit => (StatusCode.Unavailable, ErrorReason.UpstreamConcurrencyLimit, e.RetryAfter ?? DefaultUnavailableDelay),
        UpstreamFailure.Redirect => (StatusCode.Internal, ErrorReason.UpstreamRedirectRefused, null),
        // Not retried and no RetryInfo: the same request gets the same oversized answer until the operator acts.
        UpstreamFailure.ResponseTooLarge => (StatusCode.Unavailable, ErrorReason.UpstreamResponseTooLarge, null),
        _ => e.HttpStatus switch
        {
            400 or 422 when BlamesGatewayParameters(e) => (StatusCode.Internal, ErrorReason.UpstreamRefusedGatewayRequest, null),
            400 or 422 => (StatusCode.InvalidArgument, ErrorReason.UpstreamInvalidRequest, null),
            401 when e.CallerCredentials => (StatusCode.Unauthenticated, ErrorReason.UpstreamCallerTokenRejected, null),
            401 => (StatusCode.Internal, ErrorReason.UpstreamCredentialsRejected, null),
            403 => (StatusCode.PermissionDenied, ErrorReason.UpstreamPermissionDenied, null),
            404 or 410 => (StatusCode.NotFound, ErrorReason.TaskNotFound, null),
            409 => (StatusCode.Aborted, ErrorReason.UpstreamError, null),
            408 => (StatusCode.Unavailable, ErrorReason.UpstreamTimeout, DefaultUnavailableDelay),
            429 => (StatusCode.Unavailable, ErrorReason.UpstreamRateLimited, e.RetryAfter ?? DefaultThrottleDelay),
            501 => (StatusCode.Unimplemented, ErrorReason.UpstreamError, null),
            >= 500 => (StatusCode.Unavailable, ErrorReason.UpstreamUnavailable, e.RetryAfter ?? DefaultUnavailableDelay),
            _ => (StatusCode.Internal, ErrorReason.UpstreamError, null),
        },
    };

    // Query parameters only the gateway sets: a backend refusing them says nothing about the caller's request.
    private static readonly HashSet<string> GatewayParameters = new(StringComparer.OrdinalIgnoreCase) { "limit", "marker", "continue", "offset", "start" };

    private static bool BlamesGatewayParameters(UpstreamException e) =>
        e.InvalidParams.Count > 0 && e.InvalidParams.All(p => GatewayParameters.Contains(p.Key));

    /// <summary>
    /// Whether the backend's own text may reach the caller: only when it is about the caller's request (its parameters,
    /// a task that does not exist, the caller's own upstream token). Text about the gateway's account (its credentials
    /// refused, its quota, the backend's own failures) says nothing the caller can act on and may describe the
    /// operator's setup: it goes only to the log (see <see cref="UpstreamText"/>), and ErrorInfo keeps the code and
    /// request id to report.
    /// </summary>
    public static bool ShowsUpstreamText(UpstreamException e)
    {
        if (e.Failure != UpstreamFailure.HttpStatus)
        {
            return false;
        }

        var (_, reason, _) = Classify(e);
        return reason is ErrorReason.UpstreamInvalidRequest or ErrorReason.TaskNotFound
            || (e.CallerCredentials && reason is ErrorReason.UpstreamCallerTokenRejected or ErrorReason.UpstreamPermissionDenied);
    }

    private static string Describe(UpstreamException e, ErrorReason reason)
    {
        var status = e.HttpStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var what = reason switch
        {
            ErrorReason.UpstreamCredentialsRejected => $"Source '{e.SourceAlias}' refused the gateway's own credentials (HTTP {status}); the gateway's operator must fix its configuration.",
            ErrorReason.UpstreamCallerTokenRejected => $"Source '{e.SourceAlias}' refused the upstream token this call sent in x-upstream-token; send a valid one.",
            ErrorReason.UpstreamPermissionDenied when e.CallerCredentials => $"Source '{e.SourceAlias}' does not let the upstream token this call sent in x-upstream-token see this resource.",
            ErrorReason.UpstreamPermissionDenied => $"Source '{e.SourceAlias}' refused the gateway's own credentials for this resource (HTTP {status}); the gateway's identity may not see it.",
            ErrorReason.UpstreamRateLimited => $"Source '{e.SourceAlias}' is throttling the gateway; retry after the suggested delay.",
            ErrorReason.UpstreamTimeout => $"Source '{e.SourceAlias}' did not answer in time.",
            ErrorReason.UpstreamUnavailable => $"Source '{e.SourceAlias}' is unavailable.",
            ErrorReason.UpstreamMalformedResponse => $"Source '{e.SourceAlias}' sent a response the gateway cannot read.",
            ErrorReason.UpstreamCircuitOpen => $"Source '{e.SourceAlias}' failed repeatedly; the gateway stops calling it for a short while.",
            ErrorReason.UpstreamConcurrencyLimit => $"The gateway already has as many calls in flight to source '{e.SourceAlias}' as it allows.",
            ErrorReason.UpstreamResponseTooLarge => $"Source '{e.SourceAlias}' answered with a body larger than the gateway accepts ({e.ResponseLimitBytes} bytes); the gateway's operator can raise the source's MaxResponseBytes.",
            ErrorReason.UpstreamRedirectRefused => $"Source '{e.SourceAlias}' answered with a redirect, which the gateway does not follow.",
            ErrorReason.TaskNotFound => $"Source '{e.SourceAlias}' has no such task.",
            ErrorReason.UpstreamInvalidRequest => $"Source '{e.SourceAlias}' refused the request as invalid.",
            ErrorReason.UpstreamRefusedGatewayRequest => $"Source '{e.SourceAlias}' refused paging parameters the gateway built itself; this is the gateway's fault, not the request's: report it with the upstream request id.",
            _ => $"Source '{e.SourceAlias}' failed.",
        };
        if (e.UndocumentedBodyType is { } type)
        {
            // An HTML page, text or binary is not the vendor speaking to the caller: say only what arrived.
            return $"{what} It answered HTTP {status} with a body of type {type}, not its documented error format.";
        }

        return ShowsUpstreamText(e)
            ? $"{what} {e.Message}".TrimEnd()
            : what;
    }

    /// <summary>
    /// A watch stream the gateway ends so that its caller reconnects at once with its last resume_token (shutdown, the
    /// stream's maximum duration): UNAVAILABLE, which clients retry, with RetryInfo 0 s.
    /// </summary>
    public static RpcException Reconnect(ErrorReason reason, string message)
    {
        var status = NewStatus(StatusCode.Unavailable, message, reason, []);
        status.Details.Add(Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(TimeSpan.Zero) }));
        return status.ToRpcException();
    }

    /// <summary>
    /// The status with its ErrorInfo: every ErrorInfo the gateway sends is built here, its reason a value of the
    /// contract's <see cref="ErrorReason"/>, sent by name.
    /// </summary>
    internal static Google.Rpc.Status NewStatus(StatusCode code, string message, ErrorReason reason, Dictionary<string, string> metadata)
    {
        var info = new ErrorInfo { Reason = ErrorReasons.NameOf(reason), Domain = ErrorReasons.Domain };
        info.Metadata.Add(metadata);
        var status = new Google.Rpc.Status { Code = (int)code, Message = message };
        status.Details.Add(Any.Pack(info));
        return status;
    }
}
