using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TaskGateway.Backends;
using TaskGateway.Core.Auth;
using TaskGateway.Core.Resilience;
using TaskGateway.Core.Telemetry;
using TaskGateway.Core.Sources;
using TaskGateway.Services;

namespace TaskGateway.Hosting;

/// <summary>
/// Registers the configured sources: validated options, one named HttpClient per source (pooled connections,
/// no redirects, the library's resilience pipeline, the bounded body reader, then the source's auth handler, so
/// each retry is signed afresh) and the adapters' registry.
/// </summary>
internal static class SourceExtensions
{
    /// <summary>Polls of one source that may wait for a free slot of its MaxConcurrentPolls.</summary>
    public const int MaxQueuedPolls = 10_000;

    public static WebApplicationBuilder AddTaskGatewaySources(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var section = OptionsRegistration.GatewaySection(builder.Configuration);
        services.AddTaskGatewayBackends();
        services.TryAddSingleton(sp => new RetryBudgets(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new SourceCircuits(() => sp.GetRequiredService<IOptions<GatewayOptions>>().Value.Sources.Keys));
        services.AddOptions<GatewayOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();
        // Each kind's own settings (a region, say) come from the same section, bound by the kind before validation.
        services.AddSingleton<IPostConfigureOptions<GatewayOptions>>(sp => new BackendSettingsBinder(section, sp.GetRequiredService<BackendKinds>()));
        services.TryAddSingleton<GatewayCounters>();

        // Only the aliases are read here. Everything else, for the registry, the pipelines and the auth handlers
        // alike, comes from one place: IOptions<GatewayOptions>, bound and validated once at start-up. A
        // configuration reload changes none of a source (endpoint, credentials, limits): restart to apply one.
        foreach (var alias in OptionsRegistration.SourceAliases(builder.Configuration))
        {
            AddSourceClient(services, alias);
        }

        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<GatewayOptions>>().Value;
            var handlers = sp.GetRequiredService<IHttpMessageHandlerFactory>();
            var time = sp.GetRequiredService<TimeProvider>();
            var kinds = sp.GetRequiredService<BackendKinds>();
            return new SourceRegistry(options.Sources.Select(s =>
            {
                var kind = kinds[s.Value.Kind!];
                return (s.Key, kind.Create(new SourceConnection(s.Key, s.Value, handlers, time, kind.ErrorBody)), s.Value);
            }));
        });

        return builder;
    }

    private static void AddSourceClient(IServiceCollection services, string alias)
    {
        foreach (var purpose in Enum.GetValues<UpstreamPurpose>())
        {
            AddPipeline(services, alias, purpose);
        }
    }

    private static void AddPipeline(IServiceCollection services, string alias, UpstreamPurpose purpose)
    {
        var name = SourceConnection.HttpClientNameFor(alias, purpose);
        var client = services.AddHttpClient(name)
            .ConfigurePrimaryHttpMessageHandler(PrimaryHandler)
            // The factory's own per-request logging handlers (a scope and two log calls per attempt) add nothing the
            // gateway's upstream log events (1001, 1004), metrics and client spans do not already say.
            .RemoveAllLoggers();

        // Outermost: times each call as the caller sees it, retries included.
        client.AddHttpMessageHandler(sp => new UpstreamMetricsHandler(sp.GetRequiredService<GatewayTelemetry>(), alias,
            SourceOf(sp, alias).Kind!, purpose, sp.GetRequiredService<TimeProvider>()));

        // Then: counts each first attempt, so the retry strategy inside can hold retries to a share of them.
        client.AddHttpMessageHandler(sp => new RetryBudgetHandler(BudgetOf(sp, alias, name)));

        // One pipeline instance (circuit breaker, concurrency limit) per credential scope: the gateway's own credentials,
        // and each bucket of callers' tokens on pass-through sources, so that one tenant's 429s or failures neither open
        // the circuit nor take the slots of the gateway's credentials or of tenants in other buckets. The bucket count
        // is fixed per source: the library's pipeline registry keeps every instance for the life of the process, so
        // keying by the token itself would let a caller sending random tokens grow memory without bound.
        client.AddStandardResilienceHandler().SelectPipelineBy(sp =>
        {
            var buckets = SourceOf(sp, alias).CallerPipelineBuckets;
            return request => CredentialScope.PipelineKey(
                request.Options.TryGetValue(UpstreamRequestOptions.CredentialScope, out var scope) ? scope : null, buckets);
        }).Configure((HttpStandardResilienceOptions resilience, IServiceProvider sp) =>
        {
            // Start-up validates each pipeline's options right after GatewayOptions. When those failed, this pipeline
            // is left unconfigured rather than repeat their failures once per pipeline: the gateway does not start,
            // and GatewayOptions' own report says why. No source is made up for it.
            if (ValidSources(sp) is { } sources)
            {
                SourcePipelineResilience.Configure(resilience, sp, alias, purpose, sources[alias], BudgetOf(sp, alias, name));
            }
        });

        // Inside each attempt: the body is read to the end here, so the attempt and total timeouts above cover a body
        // that trickles, and the source's MaxResponseBytes is enforced on the bytes as they arrive (HttpClient's own
        // buffering, outside the pipeline, is bounded by neither).
        client.AddHttpMessageHandler(sp => new TaskGateway.Core.Http.BoundedResponseHandler(SourceOf(sp, alias).MaxResponseBytes));

        // Innermost: the source's auth scheme signs or decorates each attempt, so a retry is signed afresh.
        client.AddHttpMessageHandler(sp =>
        {
            var source = SourceOf(sp, alias);
            var scheme = sp.GetRequiredService<BackendKinds>()[source.Kind!].AuthSchemes.First(a => a.Name == source.Auth.Scheme);
            return scheme.CreateHandler(source, sp.GetRequiredService<TimeProvider>());
        });
    }

    // Pooled connections with a bounded lifetime (DNS changes are picked up), no redirects (a redirect is reported,
    // never followed with the request's credentials), no cookies.
    private static SocketsHttpHandler PrimaryHandler() => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.All,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(5),
    };

    // The one place sources are read from: the validated options. Start-up validates them (and every pipeline's
    // options) before any request; when they are invalid, reading them throws their own validation failures.
    private static SourceOptions SourceOf(IServiceProvider sp, string alias) =>
        sp.GetRequiredService<IOptions<GatewayOptions>>().Value.Sources[alias];

    private static Dictionary<string, SourceOptions>? ValidSources(IServiceProvider sp)
    {
        try
        {
            return sp.GetRequiredService<IOptions<GatewayOptions>>().Value.Sources;
        }
        catch (OptionsValidationException)
        {
            return null;
        }
    }

    private static RetryBudget BudgetOf(IServiceProvider sp, string alias, string pipeline)
    {
        var source = SourceOf(sp, alias);
        return sp.GetRequiredService<RetryBudgets>().For(pipeline, source.RetryBudgetRatio, source.RetryBudgetMinRetries);
    }
}
