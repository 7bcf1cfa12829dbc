using Grpc.Core;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Errors;
using TaskGateway.Core.Filtering;
using TaskGateway.Core.Names;
using TaskGateway.Core.Sources;
using TaskGateway.Events.Webhooks;

namespace TaskGateway.Services;

/// <summary>
/// Checks a CreateSubscription request: every bad field reported at once, as field violations on
/// `subscription.*`, before anything is stored. A target is a task name (as GetTask takes it) or a collection parent
/// (as ListTasks takes it) of a configured source; until goes with a task, filter with a collection, each in the
/// grammar and with the refusals of WatchTask and ListTasks.
/// </summary>
internal sealed class SubscriptionRequests
{
    public const string TargetField = "subscription.target";
    public const string UntilField = "subscription.until";
    public const string FilterField = "subscription.filter";
    public const string UriField = "subscription.sink.uri";
    public const string SecretField = "subscription.sink.secret";
    public const string ContentModeField = "subscription.sink.content_mode";

    private const int MaxSinkUriLength = 2048;
    private readonly SourceRegistry _sources;
    private readonly ISinkValidator _sinks;

    public SubscriptionRequests(SourceRegistry sources, ISinkValidator sinks)
    {
        _sources = sources;
        _sinks = sinks;
    }

    /// <summary>
    /// The checked request, or RequestValidationException with every violation. <paramref name="authorize"/> sees a
    /// target that parsed before its source is consulted (the caller's grants, as for the task methods); a source
    /// that passes callers' tokens upstream is FAILED_PRECONDITION once the request is otherwise valid.
    /// </summary>
    public async Task<SubscriptionDraft> ValidateAsync(Subscription? request, Action<ResourceName> authorize, CancellationToken cancellationToken)
    {
        request ??= new Subscription();
        var violations = new List<FieldViolation>();
        var (task, parent) = ParseTarget(request.Target, violations);
        var until = ParseCondition(request.Until, UntilField, violations);
        var filter = ParseCondition(request.Filter, FilterField, violations);
        // Grants first: a caller without them learns nothing about the sink's host, and makes the gateway resolve nothing.
        if ((task ?? parent) is { } named)
        {
            authorize(named);
        }

        var (uri, secret, mode) = await CheckSinkAsync(request.Sink, violations, cancellationToken).ConfigureAwait(false);

        var target = ResolveTarget(task, parent, violations);
        if (target is not null)
        {
            CheckPlacement(target, until, filter, violations);
        }

        if (violations.Count > 0)
        {
            throw new RequestValidationException(violations);
        }

        var resolved = target!;
        EnsureOwnCredentials(resolved.Name.Source);
        return new SubscriptionDraft(resolved.Name.Source, resolved.Name.Format(), resolved.IsTask, until?.Text ?? string.Empty,
            filter?.Text ?? string.Empty, uri, secret, mode);
    }

    /// <summary>The target parsed both ways: the text alone cannot say which it is (the source's shapes decide).</summary>
    private static (ResourceName? Task, ResourceName? Parent) ParseTarget(string text, List<FieldViolation> violations)
    {
        var isTask = ResourceNameParser.TryParseTask(text, out var task, out var error);
        var isParent = ResourceNameParser.TryParseParent(text, out var parent, out _);
        if (!isTask && !isParent)
        {
            violations.Add(new(TargetField, error == "is required"
                ? error
                : $"must be a task name (as GetTask takes it) or a collection's parent (as ListTasks takes it): it {error}"));
        }

        return (task, parent);
    }

    // An until or filter in the task filter grammar; null when empty or invalid (the violation says which).
    private static TaskFilter? ParseCondition(string text, string field, List<FieldViolation> violations)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

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

    private async Task<(string Uri, string Secret, Sink.Types.ContentMode Mode)> CheckSinkAsync(Sink? sink, List<FieldViolation> violations, CancellationToken cancellationToken)
    {
        sink ??= new Sink();
        if (sink.Uri.Length == 0)
        {
            violations.Add(new(UriField, "is required: the absolute https URI events are posted to"));
        }
        else if (sink.Uri.Length > MaxSinkUriLength)
        {
            // Stored, and returned on every Get and List page: bounded like any other field that crosses into the store.
            violations.Add(new(UriField, $"must be at most {MaxSinkUriLength} characters"));
        }
        else if (await _sinks.ValidateAsync(sink.Uri, cancellationToken).ConfigureAwait(false) is { } refused)
        {
            violations.Add(new(UriField, refused));
        }

        var secret = sink.Secret;
        if (secret.Length == 0)
        {
            secret = WebhookSecret.Generate();
        }
        else if (!WebhookSecret.TryParse(secret, out _, out var why))
        {
            violations.Add(new(SecretField, why + "; or leave it empty for the gateway to generate one"));
        }

        var mode = sink.ContentMode;
        if (!Enum.IsDefined(mode))
        {
            violations.Add(new(ContentModeField, "must be CONTENT_MODE_STRUCTURED or CONTENT_MODE_BINARY"));
        }

        return (sink.Uri, secret, mode == Sink.Types.ContentMode.Binary ? mode : Sink.Types.ContentMode.Structured);
    }

    /// <summary>
    /// A task name that fits its source's task shape is a task target; otherwise a parent is a collection target,
    /// checked as ListTasks checks it. What the registry refuses (an unknown source, a source without a list, a
    /// name that fits none of its shapes) is a violation on the target like any other.
    /// </summary>
    private ResolvedTarget? ResolveTarget(ResourceName? task, ResourceName? parent, List<FieldViolation> violations)
    {
        var name = task is not null && _sources.Aliases.Contains(task.Source) && task.Fits(_sources[task.Source].Descriptor.TaskShape)
            ? task
            : parent ?? task;
        if (name is null)
        {
            return null;
        }

        try
        {
            var backend = name.IsParent ? _sources.ResolveList(name, TargetField) : _sources.Resolve(name, TargetField);
            return new ResolvedTarget(name, !name.IsParent, backend.Descriptor);
        }
        catch (RequestValidationException e)
        {
            violations.AddRange(e.Violations);
        }
        catch (GatewayException e) when (e.Code is StatusCode.NotFound or StatusCode.Unimplemented)
        {
            violations.Add(new(TargetField, e.Message));
        }

        return null;
    }

    private static void CheckPlacement(ResolvedTarget target, TaskFilter? until, TaskFilter? filter, List<FieldViolation> violations)
    {
        var source = target.Name.Source;
        if (target.IsTask && filter is not null)
        {
            violations.Add(new(FilterField, "is for a collection target; a task target's one event waits for until"));
        }
        else if (!target.IsTask && until is not null)
        {
            violations.Add(new(UntilField, "is for a task target; a collection target sends every change that matches filter"));
        }

        var (condition, field) = target.IsTask ? (until, UntilField) : (filter, FilterField);
        if (condition is not null && target.Descriptor.Refuses(condition, onList: !target.IsTask) is { } reason)
        {
            violations.Add(new(field, $"{reason} (source '{source}')"));
        }
    }

    // Polling for a subscription happens after the call that made it is gone: a source that only reads with each
    // caller's own token would have nothing to poll with.
    private void EnsureOwnCredentials(string source)
    {
        if (_sources.OptionsOf(source).Auth.PassCallerToken)
        {
            throw new GatewayException(StatusCode.FailedPrecondition, ErrorReason.SubscriptionSourcePassesCallerToken,
                $"Source '{source}' reads with each caller's own upstream token (Auth:PassCallerToken), so no credential would be left to poll with once this call ends: subscriptions are refused on it; watch the task with WatchTask instead.",
                new Dictionary<string, string> { ["source"] = source });
        }
    }

    private sealed record ResolvedTarget(ResourceName Name, bool IsTask, BackendDescriptor Descriptor);
}
