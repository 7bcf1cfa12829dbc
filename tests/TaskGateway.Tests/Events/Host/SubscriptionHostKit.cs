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

    public FakeSubscriptionStore Store { get; } = new();

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
