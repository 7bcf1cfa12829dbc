using System.Net.Mime;
using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using Microsoft.Extensions.Options;
using TaskGateway.Contracts.V1;
using TaskGateway.Events;
using TaskGateway.Events.Webhooks;

namespace TaskGateway.Tests.Events.Webhooks;

public class CloudEventWriterTests
{
    private static readonly CloudEventWriter Writer = new(Options.Create(new EventsOptions()));

    private static void AssertEveryAttribute(CloudEvent parsed)
    {
        Assert.Equal(CloudEventsSpecVersion.V1_0, parsed.SpecVersion);
        Assert.Equal("evt_01jb8y7k3m4n5p6q7r8s9t0v1x", parsed.Id);
        Assert.Equal("taskgateway.task.matched", parsed.Type);
        Assert.Equal("//taskgateway/sources/iotda", parsed.Source!.OriginalString);
        Assert.Equal(WebhookTestData.TaskName, parsed.Subject);
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 7, 45, 12, 345, TimeSpan.Zero), parsed.Time);
        Assert.StartsWith("application/json", parsed.DataContentType, StringComparison.Ordinal);
        Assert.Null(parsed.DataSchema);
        Assert.Empty(parsed.ExtensionAttributes);
        var data = Assert.IsType<JsonElement>(parsed.Data);
        Assert.Equal(JsonValueKind.Object, data.ValueKind);
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(WebhookTestData.TaskJson).RootElement, data));
    }

    [Fact]
    public async Task Write_DefaultMode_StructuredJsonThatTheSdkParses()
    {
        using var content = Writer.Write(WebhookTestData.Claimed("https://hooks.example.com/x", Sink.Types.ContentMode.Unspecified));
        var body = await content.ReadAsByteArrayAsync();

        Assert.Equal("application/cloudevents+json", content.Headers.ContentType!.MediaType);
        using var document = JsonDocument.Parse(body);
        Assert.Equal(JsonValueKind.Object, document.RootElement.GetProperty("data").ValueKind);
        AssertEveryAttribute(new JsonEventFormatter().DecodeStructuredModeMessage(body, new ContentType(content.Headers.ContentType.ToString()), null));
    }

    [Fact]
    public async Task Write_Structured_SameAsDefault()
    {
        using var content = Writer.Write(WebhookTestData.Claimed("https://hooks.example.com/x", Sink.Types.ContentMode.Structured));

        Assert.Equal("application/cloudevents+json", content.Headers.ContentType!.MediaType);
        AssertEveryAttribute(new JsonEventFormatter().DecodeStructuredModeMessage(await content.ReadAsByteArrayAsync(), new ContentType(content.Headers.ContentType.ToString()), null));
    }

    [Fact]
    public async Task Write_Binary_CeHeadersAndTheTaskAsBody()
    {
        using var content = Writer.Write(WebhookTestData.Claimed("https://hooks.example.com/x", Sink.Types.ContentMode.Binary));
        var body = await content.ReadAsByteArrayAsync();

        Assert.Equal("application/json", content.Headers.ContentType!.MediaType);
        Assert.Equal("evt_01jb8y7k3m4n5p6q7r8s9t0v1x", Assert.Single(content.Headers.GetValues("ce-id")));
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(WebhookTestData.TaskJson).RootElement, JsonDocument.Parse(body).RootElement));
        var headers = new Microsoft.AspNetCore.Http.HeaderDictionary();
        foreach (var (name, values) in content.Headers)
        {
            headers[name] = values.ToArray();
        }

        AssertEveryAttribute(await new ReceivedRequest("POST", "/", headers, body).ToCloudEventAsync());
    }

    [Fact]
    public void ToCloudEvent_ConfiguredPrefix_SourceUnderIt()
    {
        var writer = new CloudEventWriter(Options.Create(new EventsOptions { SourcePrefix = "https://gateway.example.com/" }));

        Assert.Equal("https://gateway.example.com/sources/iotda", writer.ToCloudEvent(WebhookTestData.Claimed("https://x.example.com/")).Source!.OriginalString);
    }

    [Theory]
    [InlineData("//taskgateway", "sources/iotda/projects/p/tasks/t", "//taskgateway/sources/iotda")]
    [InlineData("//taskgateway", "sources/dms", "//taskgateway/sources/dms")]
    [InlineData("//gw.example.com/", "sources/astra/accounts/a/tasks/t", "//gw.example.com/sources/astra")]
    [InlineData("urn:taskgateway", "sources/x/y", "urn:taskgateway/sources/x")]
    [InlineData("//taskgateway", "projects/p/tasks/t", "//taskgateway")]
    [InlineData("//taskgateway", "sources//tasks", "//taskgateway")]
    public void SourceOf_Subject_PrefixAndAlias(string prefix, string subject, string expected) =>
        Assert.Equal(expected, CloudEventWriter.SourceOf(prefix, subject));
}
