using Grpc.Core;
using Microsoft.Extensions.Options;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Errors;
using TaskGateway.Core.Names;
using TaskGateway.Core.Paging;
using TaskGateway.Events;
using TaskGateway.Events.Engine;
using TaskGateway.Events.Store;
using TaskGateway.Logging;
using TaskGateway.Security;

namespace TaskGateway.Services;

/// <summary>
/// The four subscription methods behind TaskService, kept thin: check, call the store, tell the engine, map. Every
/// store call is scoped to the owner, so another caller's subscription is NOT_FOUND, never PERMISSION_DENIED (which
/// would say it exists).
/// </summary>
internal sealed class SubscriptionRpcs
{
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 1000;
    private static readonly TimeSpan StoreRetryDelay = TimeSpan.FromSeconds(5);

    private readonly SubscriptionRequests _requests;
    private readonly ISubscriptionStore _store;
    private readonly SubscriptionChanges _changes;
    private readonly PageTokenCodec _tokens;
    private readonly EventsOptions _options;
    private readonly TimeProvider _time;
    private readonly bool _localOnly;
    private readonly ILogger<SubscriptionRpcs> _logger;

    public SubscriptionRpcs(SubscriptionRequests requests, ISubscriptionStore store, SubscriptionChanges changes, PageTokenCodec tokens,
        IOptions<EventsOptions> options, IOptions<CallerOptions> callers, TimeProvider time, ILogger<SubscriptionRpcs> logger)
    {
        _localOnly = callers.Value.LocalOnly;
        _requests = requests;
        _store = store;
        _changes = changes;
        _tokens = tokens;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// Whose subscriptions a call sees: empty on a local-only gateway (no caller authentication, loopback only), where
    /// everyone on the machine shares one list; otherwise the caller's identity, the authenticated caller's, or
    /// "anonymous:{address}" for callers let in without credentials (AllowUnauthenticatedRemote), so that remote callers
    /// never see or delete each other's subscriptions (and their sink URIs).
    /// </summary>
    public string OwnerOf(HttpContext http) => _localOnly ? string.Empty : CallerIdentity.Of(http);

    /// <summary>
    /// Stores a checked subscription for <paramref name="owner"/> (empty on a local-only gateway, where everyone shares one
    /// list) unless it already holds MaxSubscriptionsPerCaller, and tells the engine.
    /// </summary>
    public async Task<CreateSubscriptionResponse> CreateAsync(CreateSubscriptionRequest request, string owner, Action<ResourceName> authorize, CancellationToken cancellationToken)
    {
        EnsureEnabled();
        var draft = await _requests.ValidateAsync(request.Subscription, authorize, cancellationToken).ConfigureAwait(false);
        // The store keeps milliseconds: the time answered now is the one every later Get answers.
        var now = DateTimeOffset.FromUnixTimeMilliseconds(_time.GetUtcNow().ToUnixTimeMilliseconds());
        var record = new SubscriptionRecord(SubscriptionIds.New(_time), owner, draft.Target, draft.TaskTarget, draft.Until, draft.Filter,
            draft.SinkUri, draft.Secret, draft.ContentMode, Subscription.Types.State.Active, now, Watching: true, LastDelivery: null);
        var limit = _options.MaxSubscriptionsPerCaller;
        if (!await StoreAsync(ct => _store.TryCreateAsync(record, limit, ct), cancellationToken).ConfigureAwait(false))
        {
            Log.SubscriptionLimitReached(_logger, owner, limit);
            throw new GatewayException(StatusCode.ResourceExhausted, ErrorReason.SubscriptionLimitReached,
                $"This caller already holds {limit} subscriptions, the most TaskGateway:Events:MaxSubscriptionsPerCaller allows; delete one first.",
                new Dictionary<string, string> { ["limit"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }

        _changes.Created(record);
        Log.SubscriptionCreated(_logger, SubscriptionMapper.NameOf(record.Id), owner, record.Target, HostOf(record.SinkUri));
        return new CreateSubscriptionResponse { Subscription = SubscriptionMapper.ToContract(record, withSecret: true) };
    }

    /// <summary>The owner's subscription, without its secret.</summary>
    public async Task<GetSubscriptionResponse> GetAsync(GetSubscriptionRequest request, string owner, CancellationToken cancellationToken)
    {
        EnsureEnabled();
        var id = ParseName(request.Name);
        var record = await StoreAsync(ct => _store.GetAsync(id, owner, ct), cancellationToken).ConfigureAwait(false)
            ?? throw NotFound(request.Name);
        return new GetSubscriptionResponse { Subscription = SubscriptionMapper.ToContract(record, withSecret: false) };
    }

    /// <summary>A page of the owner's subscriptions, oldest first; the token is sealed to the owner.</summary>
    public async Task<ListSubscriptionsResponse> ListAsync(ListSubscriptionsRequest request, string owner, CancellationToken cancellationToken)
    {
        EnsureEnabled();
        var violations = new List<FieldViolation>();
        if (request.PageSize < 0)
        {
            violations.Add(new("page_size", "must not be negative"));
        }

        var scope = "subscriptions\n" + owner;
        var cursor = PageCursor.Start;
        if (request.PageToken.Length > 0 && _tokens.Decode(request.PageToken, scope, out cursor) is var opened and not PageTokenOutcome.Opened)
        {
            violations.Add(new("page_token", opened == PageTokenOutcome.Expired
                ? "has expired; start again without page_token"
                : "is not a page token this gateway issued to this caller for ListSubscriptions; start again without page_token"));
        }

        if (violations.Count > 0)
        {
            throw new RequestValidationException(violations);
        }

        var size = PageSize.Resolve(request.PageSize, DefaultPageSize, MaxPageSize);
        // One more than a page says whether another follows, so the last page never ends with an empty one.
        var rows = await StoreAsync(ct => _store.ListAsync(owner, cursor.Marker, size + 1, ct), cancellationToken).ConfigureAwait(false);
        var page = rows.Take(size).ToList();
        var response = new ListSubscriptionsResponse
        {
            NextPageToken = rows.Count > size ? _tokens.Encode(scope, new PageCursor(0, page[^1].Id)) : string.Empty,
        };
        response.Subscriptions.AddRange(page.Select(r => SubscriptionMapper.ToContract(r, withSecret: false)));
        return response;
    }

    /// <summary>Deletes the owner's subscription (its undelivered events with it) and tells the engine.</summary>
    public async Task<DeleteSubscriptionResponse> DeleteAsync(DeleteSubscriptionRequest request, string owner, CancellationToken cancellationToken)
    {
        EnsureEnabled();
        var id = ParseName(request.Name);
        if (!await StoreAsync(ct => _store.DeleteAsync(id, owner, ct), cancellationToken).ConfigureAwait(false))
        {
            throw NotFound(request.Name);
        }

        _changes.Deleted(id);
        Log.SubscriptionDeleted(_logger, request.Name, owner);
        return new DeleteSubscriptionResponse();
    }

    private void EnsureEnabled()
    {
        // UNIMPLEMENTED as gRPC defines it ("not supported or not enabled in this service") and as this gateway answers
        // a method a source lacks: no retry helps, only the operator can turn subscriptions on.
        if (!_options.Enabled)
        {
            throw new GatewayException(StatusCode.Unimplemented, ErrorReason.EventsDisabled,
                "Push subscriptions are turned off on this gateway (TaskGateway:Events:Enabled = false).",
                new Dictionary<string, string> { ["setting"] = "TaskGateway:Events:Enabled" });
        }
    }

    private async Task<T> StoreAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call(cancellationToken).ConfigureAwait(false);
        }
        catch (EventStoreUnavailableException e)
        {
            Log.EventStoreUnavailable(_logger, e, e.Setting);
            throw new GatewayException(StatusCode.Unavailable, ErrorReason.EventsStoreUnavailable,
                $"The subscription store is unavailable; the gateway's operator should check {e.Setting}. Other calls are unaffected; retry later.",
                new Dictionary<string, string> { ["setting"] = e.Setting }, StoreRetryDelay);
        }
    }

    private static string ParseName(string name) =>
        SubscriptionIds.TryParseName(name, out var error) ?? throw new RequestValidationException("name", error);

    private static GatewayException NotFound(string name) =>
        new(StatusCode.NotFound, ErrorReason.SubscriptionNotFound, $"This caller has no subscription '{name}'.",
            new Dictionary<string, string> { ["name"] = name });

    // Only the host reaches the log: a sink's path or query may carry a token of the receiver's.
    private static string HostOf(string uri) => Uri.TryCreate(uri, UriKind.Absolute, out var parsed) ? parsed.Host : string.Empty;
}
