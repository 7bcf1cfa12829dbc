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

    [LoggerMessage(1005, LogLevel.Debug, "Upstream source {Source} has no such task (HTTP {HttpStatus}, code {UpstreamCode}, request id {UpstreamRequestId})")]
    public static partial void UpstreamNotFound(ILogger logger, string source, int? httpStatus, string upstreamCode, string upstreamRequestId);

    [LoggerMessage(4020, LogLevel.Warning, "Source {Source} passes callers' own tokens through but falls back to the gateway's own Auth:Token for callers that send no x-upstream-token (TaskGateway:Sources:{Source}:Auth:AllowGatewayTokenFallback=true): such callers read with the gateway's credentials, whatever their own token may read")]
    public static partial void GatewayTokenFallback(ILogger logger, string source);

    [LoggerMessage(4021, LogLevel.Information, "The {Purpose} circuit of source {Source} for callers' tokens in pipeline {Pipeline} is now {State} (the gateway's own credentials' circuit is apart)")]
    public static partial void CallerCircuit(ILogger logger, string source, string purpose, string pipeline, string state);

    [LoggerMessage(4022, LogLevel.Information, "No caller grants are configured (TaskGateway:Callers:Grants): every caller may read every source the gateway's credentials reach")]
    public static partial void GrantsNotConfigured(ILogger logger);

    [LoggerMessage(4023, LogLevel.Information, "Caller grants are configured (TaskGateway:Callers:Grants, {Count} entries): callers read only the sources and names granted to them")]
    public static partial void GrantsConfigured(ILogger logger, int count);

    [LoggerMessage(4024, LogLevel.Information, "Caller {Caller} was refused {Name}: not among its grants")]
    public static partial void CallerNotGranted(ILogger logger, string caller, string name);
    [LoggerMessage(1010, LogLevel.Warning, "Source {Source} answered HTTP {HttpStatus} (code {UpstreamCode}, request id {UpstreamRequestId}) about the gateway's own account, not the caller's request; its text, withheld from the caller: {UpstreamText}")]
    public static partial void UpstreamTextWithheld(ILogger logger, string source, int? httpStatus, string upstreamCode, string upstreamRequestId, string upstreamText);

    [LoggerMessage(2120, LogLevel.Information, "Page and resume tokens are sealed with key {KeyId}, open with it or previous key {PreviousKeyId}, and expire after {MaxAge}")]
    public static partial void PageTokenKeys(ILogger logger, string keyId, string previousKeyId, TimeSpan maxAge);
    [LoggerMessage(4006, LogLevel.Warning, "Refused a request for host '{Host}' from {RemoteAddress}: with no caller authentication the gateway serves loopback hosts and callers only")]
    public static partial void NotLoopbackRefused(ILogger logger, string host, string remoteAddress);

    [LoggerMessage(4007, LogLevel.Critical, "Listening on {Addresses}, beyond loopback, with no caller authentication: stopping")]
    public static partial void ListenerBeyondLoopback(ILogger logger, string addresses);

    [LoggerMessage(4008, LogLevel.Information, "Open to callers without credentials (TaskGateway:Callers:Anonymous): {Surfaces}; everything else needs them")]
    public static partial void AnonymousSurfaces(ILogger logger, string surfaces);
    [LoggerMessage(2103, LogLevel.Warning, "Dropped {Count} item(s) read from Redis that this deployment did not write (last: a {Kind} with {Reason}); they were not used. Another deployment shares this Redis and prefix, or something else writes there: see docs/security.md (Redis). Logged at most once per {Interval}")]
    public static partial void RedisItemRejected(ILogger logger, long count, string kind, string reason, TimeSpan interval);

    [LoggerMessage(5100, LogLevel.Information, "Subscription {Subscription} created by {Owner}: {Target} to a sink on host {SinkHost}")]
    public static partial void SubscriptionCreated(ILogger logger, string subscription, string owner, string target, string sinkHost);

    [LoggerMessage(5101, LogLevel.Information, "Subscription {Subscription} deleted by {Owner}")]
    public static partial void SubscriptionDeleted(ILogger logger, string subscription, string owner);

    [LoggerMessage(5102, LogLevel.Warning, "The subscription store ({Setting}) is unavailable: the subscription calls answer UNAVAILABLE until it is back; everything else is served")]
    public static partial void EventStoreUnavailable(ILogger logger, Exception exception, string setting);

    [LoggerMessage(5103, LogLevel.Information, "Subscription refused for {Owner}: it already holds TaskGateway:Events:MaxSubscriptionsPerCaller ({Limit}) subscriptions")]
    public static partial void SubscriptionLimitReached(ILogger logger, string owner, int limit);
}
