using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Errors;
using TaskGateway.Core.Filtering;
using TaskGateway.Core.Names;
using TaskGateway.Core.Paging;
using TaskGateway.Core.Resilience;
using TaskGateway.Core.Sources;
using TaskGateway.Security;
using TaskGateway.Watch;

namespace TaskGateway.Services;

/// <summary>
/// The gRPC methods, kept thin: validate everything (all violations at once), delegate to the source's
/// adapter, seal the next cursor. Errors become statuses in ErrorInterceptor.
/// </summary>
internal sealed partial class TaskService : Contracts.V1.TaskService.TaskServiceBase
{
    private const int MaxSourcesPageSize = 100;
    private readonly SourceRegistry _sources;
    private readonly PageTokenCodec _tokens;
    private readonly WatchStreams _watch;
    private readonly CallerTokens _callers;
    private readonly SharedFetches _fetches;
    private readonly CallerGrants _grants;
    private readonly CallerLimits _limits;
    private readonly GatewayCounters _counters;
    private readonly ILogger<TaskService> _logger;
    private readonly SubscriptionRpcs _subscriptions;

    public TaskService(SourceRegistry sources, PageTokenCodec tokens, WatchStreams watch, CallerTokens callers, SharedFetches fetches,
        CallerGrants grants, CallerLimits limits, GatewayCounters counters, SubscriptionRpcs subscriptions, ILogger<TaskService> logger)
    {
        _subscriptions = subscriptions;
        _fetches = fetches;
        _grants = grants;
        _limits = limits;
        _counters = counters;
        _logger = logger;
        _sources = sources;
        _tokens = tokens;
        _watch = watch;
        _callers = callers;
    }

    public override async Task<GetTaskResponse> GetTask(GetTaskRequest request, ServerCallContext context)
    {
        var name = ParseTask(request.Name);
        _grants.Ensure(context, name);
        var backend = _sources.Resolve(name, "name");
        var call = UpstreamCall.For(UpstreamPurpose.Request, _callers.TokenFor(name.Source, context)) with { ScanPages = ScanCharge(context) };
        return new GetTaskResponse { Task = await _fetches.GetTaskAsync(backend, name, call, context.CancellationToken).ConfigureAwait(false) };
    }

    public override Task WatchTask(WatchTaskRequest request, IServerStreamWriter<WatchTaskResponse> responseStream, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        if (!ResourceNameParser.TryParseTask(request.Name, out var name, out var error))
        {
            violations.Add(new("name", error));
        }

        var until = ParseUntil(request.Until, violations);
        if (violations.Count > 0)
        {
            throw new RequestValidationException(violations);
        }

        var task = name!;
        _grants.Ensure(context, task);
        var backend = _sources.Resolve(task, "name");
        if (until is not null)
        {
            EnsureCarries(backend.Descriptor, task.Source, until, "until", onList: false);
        }

        var spec = WatchSpec.ForTask(backend, task, _sources.OptionsOf(task.Source), _callers.TokenFor(task.Source, context), until, request.ResumeToken);
        return _watch.RunAsync(spec, e => responseStream.WriteAsync(new WatchTaskResponse
        {
            Type = e.Type,
            Task = e.Task,
            ResumeToken = e.ResumeToken,
            EventTime = Timestamp.FromDateTimeOffset(e.Time),
        }), context.CancellationToken);
    }

    public override Task WatchTasks(WatchTasksRequest request, IServerStreamWriter<WatchTasksResponse> responseStream, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        var (parent, filter) = ParseCollection(request.Parent, request.Filter, violations);
        if (violations.Count > 0)
        {
            throw new RequestValidationException(violations);
        }

        _grants.Ensure(context, parent);
        var backend = _sources.ResolveList(parent, "parent");
        RestRouteCollection.Ensure(context, backend.Descriptor, parent.Source);
        EnsureCarries(backend.Descriptor, parent.Source, filter, "filter", onList: true);
        var spec = WatchSpec.ForCollection(backend, parent, _sources.OptionsOf(parent.Source), _watch.Options.MaxCollectionPages, _callers.TokenFor(parent.Source, context),
            filter, request.ResumeToken);
        return _watch.RunAsync(spec, e => responseStream.WriteAsync(new WatchTasksResponse
        {
            Type = e.Type,
            Task = e.Task,
            ResumeToken = e.ResumeToken,
            EventTime = Timestamp.FromDateTimeOffset(e.Time),
        }), context.CancellationToken);
    }

    public override async Task<ListTasksResponse> ListTasks(ListTasksRequest request, ServerCallContext context)
    {
        var violations = new List<FieldViolation>();
        var (parent, filter) = ParseCollection(request.Parent, request.Filter, violations);
        if (request.PageSize < 0)
        {
            violations.Add(new("page_size", "must not be negative"));
        }

        var cursor = PageCursor.Start;
        var scope = $"{request.Parent}\n{request.Filter}";
        if (request.PageToken.Length > 0 && _tokens.Decode(request.PageToken, scope, out cursor) is var opened and not PageTokenOutcome.Opened)
        {
            violations.Add(new("page_token", opened == PageTokenOutcome.Expired
                ? "has expired; start again without page_token"
                : "is not a page token this gateway issued for this parent and filter; start again without page_token"));
        }

        if (violations.Count > 0)
        {
            throw new RequestValidationException(violations);
        }

        _grants.Ensure(context, parent);
        var backend = _sources.ResolveList(parent, "parent");
        var descriptor = backend.Descriptor;
        RestRouteCollection.Ensure(context, descriptor, parent.Source);
        EnsureCarries(descriptor, parent.Source, filter, "filter", onList: true);
        var size = PageSize.Resolve(request.PageSize, descriptor.DefaultPageSize, descriptor.MaxPageSize);
        var call = UpstreamCall.For(UpstreamPurpose.Request, _callers.TokenFor(parent.Source, context));
        var page = await backend.ListTasksAsync(parent, new ListQuery(size, cursor, filter), call, context.CancellationToken).ConfigureAwait(false);

        var response = new ListTasksResponse
        {
            NextPageToken = page.Next is { } next ? _tokens.Encode(scope, next) : string.Empty,
            // The backend's total counts the whole collection: it is only the answer's total when no filter narrowed it.
            TotalSize = filter.Text.Length == 0 && page.TotalSize is { } total ? (int)Math.Clamp(total, 0, int.MaxValue) : 0,
        };
        response.Tasks.AddRange(page.Tasks);
        return response;
    }

    public override Task<ListSourcesResponse> ListSources(ListSourcesRequest request, ServerCallContext context)
    {
        var size = PageSize.Resolve(request.PageSize, MaxSourcesPageSize, MaxSourcesPageSize);
        var cursor = PageCursor.Start;
        if (request.PageToken.Length > 0 && _tokens.Decode(request.PageToken, "sources", out cursor) is var opened and not PageTokenOutcome.Opened)
        {
            throw new RequestValidationException("page_token", opened == PageTokenOutcome.Expired
                ? "has expired; start again without page_token"
                : "is not a page token this gateway issued for ListSources");
        }

        var http = context.GetHttpContext();
        IReadOnlyList<string> aliases = _grants.Enabled ? [.. _sources.Aliases.Where(a => _grants.AllowsSource(http, a))] : _sources.Aliases;
        var start = (int)Math.Min(cursor.Offset, aliases.Count);
        var end = Math.Min(start + size, aliases.Count);
        var response = new ListSourcesResponse
        {
            NextPageToken = end < aliases.Count ? _tokens.Encode("sources", new PageCursor(end, string.Empty)) : string.Empty,
        };
        for (var i = start; i < end; i++)
        {
            var alias = aliases[i];
            var d = _sources[alias].Descriptor;
            response.Sources.Add(new Source
            {
                Name = "sources/" + alias,
                Alias = alias,
                Kind = d.Kind,
                TaskNamePattern = d.TaskNamePattern.Replace("{source}", alias, StringComparison.Ordinal),
                ListParentPattern = d.ListParentPattern.Replace("{source}", alias, StringComparison.Ordinal),
                SupportsGet = true,
                SupportsList = d.SupportsList,
                NativeGet = d.NativeGet,
                DefaultPageSize = d.DefaultPageSize,
                MaxPageSize = d.MaxPageSize,
                FilterFields = { d.FilterFields },
            });
        }

        return Task.FromResult(response);
    }

    // What GetTask's list scans charge their pages beyond the first to: this caller (by the key its call rate is
    // counted under), carried on the call since a shared fetch runs without this call's context.
    private ScanPageCharge ScanCharge(ServerCallContext context) =>
        new(_limits.LimitsCalls ? CallerIdentity.Of(context.GetHttpContext()) : string.Empty, _limits, _counters, _logger);

    // Parent and filter of ListTasks and WatchTasks; violations are collected so every bad field is reported at once
    // (the parent is null only when a violation says why).
    private static (ResourceName Parent, TaskFilter Filter) ParseCollection(string parentText, string filterText, List<FieldViolation> violations)
    {
        if (!ResourceNameParser.TryParseParent(parentText, out var parent, out var error))
        {
            violations.Add(new("parent", error));
        }

        return (parent!, ParseFilter(filterText, "filter", violations) ?? TaskFilter.All);
    }

    // WatchTask's until, with the filter grammar; null when not set.
    private static TaskFilter? ParseUntil(string text, List<FieldViolation> violations) =>
        string.IsNullOrWhiteSpace(text) ? null : ParseFilter(text, "until", violations);

    // A filter in a request field: its violations reported on that field; null when invalid.
    private static TaskFilter? ParseFilter(string text, string field, List<FieldViolation> violations)
    {
        try
        {
            return TaskFilter.Parse(text);
        }
        catch (RequestValidationException e)
        {
            violations.AddRange(e.Violations.Select(v => v with { Field = field }));
            return null;
        }
    }

    // A filter on a field the source's tasks (or its list items) do not carry would match nothing, silently: refuse it, and say why.
    private static void EnsureCarries(BackendDescriptor descriptor, string source, TaskFilter filter, string field, bool onList)
    {
        if (descriptor.Refuses(filter, onList) is { } reason)
        {
            throw new RequestValidationException(field, $"{reason} (source '{source}')");
        }
    }

    private static ResourceName ParseTask(string value) =>
        ResourceNameParser.TryParseTask(value, out var name, out var error) ? name : throw new RequestValidationException("name", error);
}
