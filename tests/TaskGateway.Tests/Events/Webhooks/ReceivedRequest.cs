using System.Text;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.Http;
using CloudNative.CloudEvents.SystemTextJson;
using Microsoft.AspNetCore.Http;

namespace TaskGateway.Tests.Events.Webhooks;

/// <summary>One request as the receiver read it.</summary>
internal sealed record ReceivedRequest(string Method, string Path, IHeaderDictionary Headers, byte[] Body)
{
    public string BodyText => Encoding.UTF8.GetString(Body);

    /// <summary>The request parsed back by the CloudEvents SDK (structured or binary, as its headers say).</summary>
    public Task<CloudEvent> ToCloudEventAsync()
    {
        var message = new HttpRequestMessage(HttpMethod.Post, "http://receiver/") { Content = new ByteArrayContent(Body) };
        foreach (var (name, values) in Headers)
        {
            if (!message.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                message.Content.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        return message.ToCloudEventAsync(new JsonEventFormatter());
    }
}
