using Microsoft.Extensions.Http.Resilience;
using Polly;
using TaskGateway.Core.Auth;
using TaskGateway.Core.Resilience;
using TaskGateway.Core.Sources;
using TaskGateway.Core.Telemetry;
using TaskGateway.Logging;

namespace TaskGateway.Hosting;

/// <summary>
/// The standard resilience pipeline of one source's client for one purpose: its limits and timeouts, its retries
/// (held to the source's retry budget) and its circuit breaker (reported to health for the gateway's own credentials).
/// </summary>
internal static class SourcePipelineResilience
{
    public static void Configure(HttpStandardResilienceOptions resilience, IServiceProvider sp, string alias, UpstreamPurpose purpose,
        SourceOptions source, RetryBudget budget)
    {
        var watch = purpose == UpstreamPurpose.Watch;

        resilience.RateLimiter.DefaultRateLimiterOptions.PermitLimit = watch ? source.MaxConcurrentPolls : source.MaxConcurrentRequests;
        // A caller's request over the limit is refused at once; a poll waits its turn instead (pollers that start
        // together, as when many watchers arrive at once, would otherwise fail and back off for an interval).
        resilience.RateLimiter.DefaultRateLimiterOptions.QueueLimit = watch ? SourceExtensions.MaxQueuedPolls : 0;
        resilience.AttemptTimeout.Timeout = source.AttemptTimeout;

        // A poll is one attempt: the poller's jittered backoff and error budget are its retries.
        resilience.TotalRequestTimeout.Timeout = watch ? source.AttemptTimeout + TimeSpan.FromSeconds(1) : source.TotalTimeout;
        var telemetry = sp.GetRequiredService<GatewayTelemetry>();
        var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("TaskGateway.Upstream");
        ConfigureRetry(resilience.Retry, telemetry, logger, alias, purpose, source, budget);
        ConfigureCircuitBreaker(resilience.CircuitBreaker, sp.GetRequiredService<SourceCircuits>(), logger, alias, purpose, source);
    }

    private static void ConfigureRetry(HttpRetryStrategyOptions retry, GatewayTelemetry telemetry, ILogger logger, string alias, UpstreamPurpose purpose,
        SourceOptions source, RetryBudget budget)
    {
        retry.MaxRetryAttempts = Math.Max(source.MaxRetries, 1);
        retry.Delay = source.RetryDelay;
        retry.ShouldRetryAfterHeader = true;
        retry.DisableForUnsafeHttpMethods();
        var retries = purpose != UpstreamPurpose.Watch && source.MaxRetries > 0;
        retry.OnRetry = args =>
        {
            telemetry.Retry(alias, purpose);
            var outcome = args.Outcome.Result is { } response ? ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture) : args.Outcome.Exception?.GetType().Name ?? "failure";
            Log.UpstreamRetry(logger, alias, purpose == UpstreamPurpose.Watch ? "watch" : "request", args.AttemptNumber + 1, args.RetryDelay, outcome);
            return ValueTask.CompletedTask;
        };
        retry.ShouldHandle = args => ValueTask.FromResult(
            retries && HttpClientResiliencePredicates.IsTransient(args.Outcome) && budget.TryRetry());
    }

    private static void ConfigureCircuitBreaker(HttpCircuitBreakerStrategyOptions breaker, SourceCircuits circuits, ILogger logger, string alias,
        UpstreamPurpose purpose, SourceOptions source)
    {
        breaker.SamplingDuration = Max(TimeSpan.FromSeconds(30), source.AttemptTimeout * 2);
        breaker.FailureRatio = source.CircuitBreakerFailureRatio;
        breaker.MinimumThroughput = source.CircuitBreakerMinimumThroughput;
        breaker.BreakDuration = source.CircuitBreakerBreakDuration;
        breaker.OnOpened = args => Report(circuits, logger, alias, purpose, source.CallerPipelineBuckets, args.Context, CircuitState.Open);
        breaker.OnHalfOpened = args => Report(circuits, logger, alias, purpose, source.CallerPipelineBuckets, args.Context, CircuitState.HalfOpen);
        breaker.OnClosed = args => Report(circuits, logger, alias, purpose, source.CallerPipelineBuckets, args.Context, CircuitState.Closed);
    }

    // Health and readiness report the circuit of the gateway's own credentials: a tenant's circuit says only that the
    // backend refuses that tenant (its token, its quota), not that the source is down for everyone.
    private static ValueTask Report(SourceCircuits circuits, ILogger logger, string alias, UpstreamPurpose purpose, int buckets, ResilienceContext context, CircuitState state)
    {
        var request = context.GetRequestMessage();
        if (request is not null && request.Options.TryGetValue(UpstreamRequestOptions.CredentialScope, out var scope))
        {
            Log.CallerCircuit(logger, alias, purpose == UpstreamPurpose.Watch ? "watch" : "request",
                CredentialScope.PipelineKey(scope, buckets), state.ToString());
            return ValueTask.CompletedTask;
        }

        circuits.Set(alias, purpose, state);
        return ValueTask.CompletedTask;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
