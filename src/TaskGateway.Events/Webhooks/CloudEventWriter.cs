using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.Http;
using CloudNative.CloudEvents.SystemTextJson;
using Microsoft.Extensions.Options;
using TaskGateway.Contracts.V1;
using TaskGateway.Events.Store;

namespace TaskGateway.Events.Webhooks;

/// <summary>
/// Turns an outbox event into a CloudEvents 1.0 HTTP body with the SDK's System.Text.Json formatter: structured mode
/// (`application/cloudevents+json`) unless the subscription asked for binary (ce-* headers, the task as the body).
/// </summary>
internal sealed class CloudEventWriter(IOptions<EventsOptions> options)
{
    private static readonly JsonEventFormatter Formatter = new();

    /// <summary>The event as a CloudEvent: id, type, source, subject, time, and the task as a JSON object.</summary>
    public CloudEvent ToCloudEvent(ClaimedEvent claimed)
    {
        var outbox = claimed.Event;
        using var data = JsonDocument.Parse(outbox.Data);
        return new CloudEvent(CloudEventsSpecVersion.V1_0)
        {
            Id = outbox.EventId,
            Type = outbox.Type,
            Source = new Uri(SourceOf(options.Value.SourcePrefix, outbox.Subject), UriKind.RelativeOrAbsolute),
            Subject = outbox.Subject,
            Time = outbox.Time,
            DataContentType = "application/json",
            Data = data.RootElement.Clone(),
        };
    }

    /// <summary>The HTTP content in the subscription's content mode; its bytes are what gets signed.</summary>
    public HttpContent Write(ClaimedEvent claimed) =>
        ToCloudEvent(claimed).ToHttpContent(ModeOf(claimed.Subscription.ContentMode), Formatter);

    /// <summary>`{prefix}/sources/{alias}` from a task name `sources/{alias}/...`; the prefix alone for any other subject.</summary>
    public static string SourceOf(string prefix, string subject)
    {
        var segments = subject.Split('/', 3);
        return segments is ["sources", { Length: > 0 } alias, ..] ? $"{prefix.TrimEnd('/')}/sources/{alias}" : prefix;
    }

    private static ContentMode ModeOf(Sink.Types.ContentMode mode) =>
        mode == Sink.Types.ContentMode.Binary ? ContentMode.Binary : ContentMode.Structured;
}
