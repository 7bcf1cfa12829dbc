using Microsoft.Extensions.Logging;

namespace TaskGateway.Logging;

/// <summary>Every log line the host writes, source-generated with fixed event ids. None takes a credential.</summary>
internal static partial class Log
{
    [LoggerMessage(1001, LogLevel.Warning, "Upstream call to source {Source} failed: {Failure} (HTTP {HttpStatus}, code {UpstreamCode}, request id {UpstreamRequestId})")]
    public static partial void UpstreamFailed(ILogger logger, string source, string failure, int? httpStatus, string upstreamCode, string upstreamRequestId);

    [LoggerMessage(1002, LogLevel.Error, "Unexpected failure in {Method}")]
    public static partial void Unexpected(ILogger logger, Exception exception, string method);

    [LoggerMessage(1003, LogLevel.Information, "Refused {Method}: {Violations}")]
    public static partial void Refused(ILogger logger, string method, string violations);

    [LoggerMessage(1004, LogLevel.Information, "Retrying the {Purpose} call to source {Source} (retry {Retry}) in {Delay} after {Outcome}")]
    public static partial void UpstreamRetry(ILogger logger, string source, string purpose, int retry, TimeSpan delay, string outcome);

    [LoggerMessage(2001, LogLevel.Warning, "No sources are configured: serving the embedded sandbox's demo data at {SandboxAddress} as sources {Aliases}; configure TaskGateway:Sources for real backends")]
    public static partial void SandboxStarted(ILogger logger, Uri sandboxAddress, string aliases);

    [LoggerMessage(2101, LogLevel.Warning, "Redis is unreachable ({Failure}: {Reason}): every replica polls its watched resources itself until it is back; watch streams go on")]
    public static partial void RedisUnreachable(ILogger logger, string failure, string reason);

    [LoggerMessage(2102, LogLevel.Information, "Redis is reachable again: replicas coordinate their polls")]
    public static partial void RedisReachable(ILogger logger);

    [LoggerMessage(2002, LogLevel.Warning, "TaskGateway:PageTokenKey is not set: this process sealed page tokens with a key of its own, so tokens will not work on other replicas or after a restart")]
    public static partial void EphemeralPageTokenKey(ILogger logger);

    [LoggerMessage(2003, LogLevel.Information, "TaskGateway is listening: gRPC (h2c) on {GrpcAddress}, REST/JSON on {RestAddress}. Try:\n  buf curl --protocol grpc --http2-prior-knowledge {GrpcAddress}/taskgateway.v1.TaskService/ListSources\n  curl {RestAddress}/v1/sources{Examples}")]
    public static partial void Listening(ILogger logger, string grpcAddress, string restAddress, string examples);

    [LoggerMessage(4001, LogLevel.Information, "Caller {Caller} was refused: over its limit of {Limit}")]
    public static partial void CallerLimited(ILogger logger, string caller, string limit);

    [LoggerMessage(4002, LogLevel.Information, "No caller authentication is configured (TaskGateway:Callers): serving loopback ({Address}) only, to callers on this machine")]
    public static partial void LoopbackOnly(ILogger logger, string address);

    [LoggerMessage(4003, LogLevel.Critical, "UNAUTHENTICATED REMOTE ACCESS: listening on {Address} with no caller authentication because TaskGateway:Callers:AllowUnauthenticatedRemote is true. Anyone who can reach this address can read every configured source with the gateway's credentials. Configure TaskGateway:Callers:ApiKeys or TaskGateway:Callers:Jwt instead.")]
    public static partial void UnauthenticatedRemote(ILogger logger, string address);

    [LoggerMessage(4004, LogLevel.Information, "Callers authenticate with {Schemes}")]
    public static partial void CallerAuthentication(ILogger logger, string schemes);

    [LoggerMessage(4005, LogLevel.Information, "Reading secrets from the files in {Directory}")]
    public static partial void SecretFiles(ILogger logger, string directory);

    [LoggerMessage(2103, LogLevel.Warning, "Dropped {Count} item(s) read from Redis that this deployment did not write (last: a {Kind} with {Reason}); they were not used. Another deployment shares this Redis and prefix, or something else writes there: see docs/security.md (Redis). Logged at most once per {Interval}")]
    public static partial void RedisItemRejected(ILogger logger, long count, string kind, string reason, TimeSpan interval);
}
