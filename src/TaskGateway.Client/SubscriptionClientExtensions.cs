using System.Runtime.CompilerServices;
using TaskGateway.Contracts.V1;

namespace TaskGateway.Client;

/// <summary>
/// Push subscriptions through the generated client: create one from its parts in one call, and read every
/// subscription without handling page tokens. Errors are the gateway's RpcExceptions; read their reason with
/// <see cref="GatewayErrors.ReasonOf"/>.
/// </summary>
public static class SubscriptionClientExtensions
{
    /// <summary>
    /// Asks the gateway to POST a signed CloudEvent to <paramref name="sink"/>: once, when the task named by
    /// <paramref name="target"/> matches <paramref name="until"/> (empty: <c>done = true</c>); or, when
    /// <paramref name="target"/> is a collection's parent, each time one of its tasks matching
    /// <paramref name="filter"/> (empty: every task) is added or changes. Returns the subscription with its sink's
    /// signing secret (<c>subscription.Sink.Secret</c>), which the gateway returns this once: keep it to verify the
    /// events' <c>webhook-signature</c>. Throws the gateway's RpcException: INVALID_ARGUMENT with field violations
    /// for a bad target, condition, sink or secret (nothing is stored then).
    /// </summary>
    /// <param name="client">The TaskService client.</param>
    /// <param name="target">A task's resource name, or a collection's parent.</param>
    /// <param name="sink">The absolute URI events are posted to; https unless the gateway allows its host.</param>
    /// <param name="until">For a task: the condition of its one event, with WatchTask's until grammar.</param>
    /// <param name="filter">For a collection: which tasks' changes to send, with ListTasks' filter grammar.</param>
    /// <param name="secret">A Standard Webhooks secret (<c>whsec_</c> and base64); null or empty: the gateway generates one.</param>
    /// <param name="contentMode">Structured (the default) or binary CloudEvents.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static async Task<Subscription> CreateSubscriptionAsync(this TaskService.TaskServiceClient client, string target, Uri sink,
        string? until = null, string? filter = null, string? secret = null, Sink.Types.ContentMode contentMode = Sink.Types.ContentMode.Unspecified,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(sink);
        var subscription = new Subscription
        {
            Target = target ?? string.Empty,
            Until = until ?? string.Empty,
            Filter = filter ?? string.Empty,
            // As the caller wrote it: Uri's canonical form could unescape what the gateway is to check.
            Sink = new Sink { Uri = sink.OriginalString, Secret = secret ?? string.Empty, ContentMode = contentMode },
        };
        var response = await client.CreateSubscriptionAsync(new CreateSubscriptionRequest { Subscription = subscription }, cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.Subscription;
    }

    /// <summary>
    /// Every subscription of the caller, oldest first, fetched page by page (following next_page_token) as the
    /// enumeration proceeds. Subscriptions never carry their secret here.
    /// </summary>
    /// <param name="client">The TaskService client.</param>
    /// <param name="pageSize">Subscriptions per call; 0: the gateway's default (100).</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    public static async IAsyncEnumerable<Subscription> ListAllSubscriptionsAsync(this TaskService.TaskServiceClient client, int pageSize = 0,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var token = string.Empty;
        do
        {
            var page = await client.ListSubscriptionsAsync(new ListSubscriptionsRequest { PageSize = pageSize, PageToken = token }, cancellationToken: cancellationToken).ConfigureAwait(false);
            foreach (var subscription in page.Subscriptions)
            {
                yield return subscription;
            }

            token = page.NextPageToken;
        }
        while (token.Length > 0);
    }
}
