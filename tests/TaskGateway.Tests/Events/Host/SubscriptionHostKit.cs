using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TaskGateway.Backends;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Paging;
using TaskGateway.Core.Sources;
using TaskGateway.Events;
using TaskGateway.Events.Engine;
using TaskGateway.Events.Store;
using TaskGateway.Events.Webhooks;
using TaskGateway.Security;
using TaskGateway.Services;

namespace TaskGateway.Tests.Events.Host;

/// <summary>The subscription methods built alone: the five sources (plus a pass-through one), an in-memory store, a sink validator that refuses http.</summary>
internal sealed class SubscriptionHostKit
{
    public const string Project = "0b7e5d1c2a3f4e6d8c9b0a1f2e3d4c5b";
    public const string IotdaParent = $"sources/iotda/projects/{Project}/instances/4f3e2d1c-0b9a-4876-a5b4-c3d2e1f0a9b8";
    public const string IotdaTask = $"{IotdaParent}/tasks/075f413d-a3bb-4243-974d-8eb9221c1234";
    public const string AstraParent = "sources/astra/accounts/6c4f8a2e-1d3b-4e5f-9a7c-2b4d6e8f0a1c";
    public const string AstraTask = $"{AstraParent}/tasks/a1b2c3d4-0000-4000-8000-000000000007";
    public const string PassThroughTask = "sources/mine/accounts/6c4f8a2e-1d3b-4e5f-9a7c-2b4d6e8f0a1c/tasks/a1b2c3d4-0000-4000-8000-000000000007";
    public const string CloudDcInstance = $"sources/clouddc/projects/{Project}/instances/cdc-web-01";
    public const string SinkUri = "https://receiver.example.com/hooks?token=abc";
    public const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    public SubscriptionHostKit(bool enabled = true, bool authenticated = false, int maxPerCaller = 1000)
    {
        Options = new EventsOptions { Enabled = enabled, MaxSubscriptionsPerCaller = maxPerCaller };
        var callers = new CallerOptions();
        if (authenticated)
        {
            callers.ApiKeys["a"] = "key-a-0123456789abcdefghijklmnop";
        }

        Requests = new SubscriptionRequests(Registry(), Sinks);
        Rpcs = new SubscriptionRpcs(Requests, Store, Changes, Tokens, Microsoft.Extensions.Options.Options.Create(Options),
            Microsoft.Extensions.Options.Options.Create(callers), Time, NullLogger<SubscriptionRpcs>.Instance);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero));

    public InMemorySubscriptionStore Store { get; } = new();

    public RecordingSinkValidator Sinks { get; } = new();

    public SubscriptionChanges Changes { get; } = new();

    public EventsOptions Options { get; }

    public PageTokenCodec Tokens => _tokens ??= new PageTokenCodec(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32), Time);

    public SubscriptionRequests Requests { get; }

    public SubscriptionRpcs Rpcs { get; }

    private PageTokenCodec? _tokens;

    /// <summary>A valid request: the IoTDA task, the https sink, no secret.</summary>
    public static Subscription TaskSubscription(string until = "") => new()
    {
        Target = IotdaTask,
        Until = until,
        Sink = new Sink { Uri = SinkUri },
    };

    public Task<CreateSubscriptionResponse> CreateAsync(Subscription subscription, string owner = "") =>
        Rpcs.CreateAsync(new CreateSubscriptionRequest { Subscription = subscription }, owner, _ => { }, CancellationToken.None);

    /// <summary>What the engine was told, in order: (id, created?).</summary>
    public List<(string Id, bool Created)> DrainChanges()
    {
        var seen = new List<(string, bool)>();
        while (Changes.Reader.TryRead(out var change))
        {
            seen.Add((change.Id, change.Created is not null));
        }

        return seen;
    }

    private static SourceRegistry Registry()
    {
        var factory = new NoHttp();
        var sources = new (string Alias, string Kind, bool PassThrough)[]
        {
            ("iotda", "IotdaInstanceTask", false), ("dms", "DmsScheduledTask", false), ("exports", "IotdaExportTask", false),
            ("astra", "AstraTask", false), ("clouddc", "CloudDcInstanceStatus", false), ("mine", "AstraTask", true),
        };
        var kinds = new BackendKinds(BackendCatalog.All);
        return new SourceRegistry(sources.Select(s =>
        {
            var options = new SourceOptions { Kind = s.Kind, Endpoint = "https://backend.example.com", Auth = new AuthOptions { PassCallerToken = s.PassThrough } };
            var kind = kinds[s.Kind];
            return (s.Alias, kind.Create(new SourceConnection(s.Alias, options, factory, TimeProvider.System, kind.ErrorBody)), options);
        }));
    }

    /// <summary>Validation never calls a backend: any request would be a test failure.</summary>
    private sealed class NoHttp : IHttpMessageHandlerFactory
    {
        public HttpMessageHandler CreateHandler(string name) => new Refuse();

        private sealed class Refuse : HttpMessageHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
                throw new InvalidOperationException("No upstream call is expected.");
        }
    }
}

/// <summary>Refuses anything but https, as the real validator does for hosts not allowlisted; records what it was asked.</summary>
internal sealed class RecordingSinkValidator : ISinkValidator
{
    public List<string> Checked { get; } = [];

    public Task<string?> ValidateAsync(string uri, CancellationToken cancellationToken)
    {
        Checked.Add(uri);
        return Task.FromResult(uri.StartsWith("https://", StringComparison.Ordinal) ? null : "must be https (test validator)");
    }
}

/// <summary>The owner-scoped part of the store, in memory; <see cref="Down"/> makes every call fail as an unreachable store does.</summary>
internal sealed class InMemorySubscriptionStore : ISubscriptionStore
{
    public const string SettingName = "TaskGateway:Events:SqlitePath";

    public SortedDictionary<string, SubscriptionRecord> Rows { get; } = new(StringComparer.Ordinal);

    public bool Down { get; set; }

    public string Setting => SettingName;

    public Task MigrateAsync(CancellationToken cancellationToken) => Call(() => 0);

    public Task PingAsync(CancellationToken cancellationToken) => Call(() => 0);

    public Task<bool> TryCreateAsync(SubscriptionRecord subscription, int maxPerOwner, CancellationToken cancellationToken) => Call(() =>
    {
        if (Rows.Values.Count(r => r.Owner == subscription.Owner) >= maxPerOwner)
        {
            return false;
        }

        Rows.Add(subscription.Id, subscription);
        return true;
    });

    public Task<SubscriptionRecord?> GetAsync(string id, string owner, CancellationToken cancellationToken) =>
        Call(() => Rows.TryGetValue(id, out var r) && r.Owner == owner ? r : null);

    public Task<IReadOnlyList<SubscriptionRecord>> ListAsync(string owner, string afterId, int limit, CancellationToken cancellationToken) =>
        Call<IReadOnlyList<SubscriptionRecord>>(() => [.. Rows.Values.Where(r => r.Owner == owner && string.CompareOrdinal(r.Id, afterId) > 0).Take(limit)]);

    public Task<bool> DeleteAsync(string id, string owner, CancellationToken cancellationToken) =>
        Call(() => Rows.TryGetValue(id, out var r) && r.Owner == owner && Rows.Remove(id));

    public Task<IReadOnlyList<SubscriptionRecord>> ListWatchingAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> EnqueueAsync(OutboxEvent outboxEvent, DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<ClaimedEvent>> ClaimDueAsync(string replica, DateTimeOffset now, TimeSpan lease, int limit, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> CompleteAsync(ClaimedEvent claimed, DeliveryAttempt attempt, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> RetryAsync(ClaimedEvent claimed, DeliveryAttempt attempt, DateTimeOffset nextAttempt, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> DisableAsync(ClaimedEvent claimed, DeliveryAttempt attempt, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyDictionary<string, string>?> LoadViewAsync(string subscriptionId, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task SaveViewAsync(string subscriptionId, IReadOnlyDictionary<string, string> view, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<OutboxStats> StatsAsync(DateTimeOffset now, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<int> PruneDeliveredAsync(DateTimeOffset before, CancellationToken cancellationToken) => throw new NotSupportedException();

    private Task<T> Call<T>(Func<T> body) =>
        Down ? Task.FromException<T>(new EventStoreUnavailableException(SettingName, "The SQLite file cannot be opened.", new IOException("read-only"))) : Task.FromResult(body());
}
