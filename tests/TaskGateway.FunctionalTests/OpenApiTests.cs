using System.Net;
using System.Text.Json;

namespace TaskGateway.FunctionalTests;

/// <summary>/openapi.json as REST callers fetch it.</summary>
public class OpenApiTests
{
    [Fact]
    public async Task OpenApi_RestPort_DescribesTheTranscodedRoutes()
    {
        await using var gateway = await GatewayInstance.StartWithSourcesAsync();

        using var response = await gateway.Rest.GetAsync("/openapi.json");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("3.0.3", document.RootElement.GetProperty("openapi").GetString());
        var get = document.RootElement.GetProperty("paths").GetProperty("/v1/sources/{source}/projects/{project}/instances/{instance}/tasks/{task}").GetProperty("get");
        Assert.Contains("Gets one task", get.GetProperty("description").GetString(), StringComparison.Ordinal);

        // The route the document describes answers as described.
        var task = await gateway.Rest.GetStringAsync("/v1/" + Names.IotdaLive);
        Assert.Contains(Names.IotdaLive, task, StringComparison.Ordinal);
    }
}
