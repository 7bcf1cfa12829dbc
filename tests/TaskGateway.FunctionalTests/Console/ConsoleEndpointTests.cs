using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using TaskGateway.Sandbox;

namespace TaskGateway.FunctionalTests.WebConsole;

/// <summary>The console's HTTP surface (issue 22) on a real gateway: shell, files, config.json and /healthz/sources.</summary>
public class ConsoleEndpointTests
{
    private const string Csp = "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    private const string Key = "console-key-0123456789abcdefghijklmnop";

    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        Assert.Equal(Csp, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task Shell_RootAndDeepLink_SameHtmlWithTheSecurityHeaders()
    {
        await using var gateway = await GatewayInstance.StartWithSourcesAsync();

        using var root = await gateway.Rest.GetAsync("/");
        using var deep = await gateway.Rest.GetAsync($"/console/{Names.AstraParent}/tasks?filter=state%20%3D%20RUNNING");
        using var console = await gateway.Rest.GetAsync("/console");

        foreach (var response in new[] { root, deep, console })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType?.ToString());
            AssertSecurityHeaders(response);
            Assert.Equal(root.Headers.ETag, response.Headers.ETag);
        }

        var html = await root.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Equal(html, await deep.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Shell_Head_200WithTheSecurityHeadersAndNoBody()
    {
        await using var gateway = await GatewayInstance.StartWithSourcesAsync();

        using var head = await gateway.Rest.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/"));

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        AssertSecurityHeaders(head);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Asset_AppJs_ETagThen304OnIfNoneMatch()
    {
        await using var gateway = await GatewayInstance.StartWithSourcesAsync();

        using var first = await gateway.Rest.GetAsync("/console/assets/app.js");
        using var again = new HttpRequestMessage(HttpMethod.Get, "/console/assets/app.js");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await gateway.Rest.SendAsync(again);
        using var stale = new HttpRequestMessage(HttpMethod.Get, "/console/assets/app.js");
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"0123\""));
        using var third = await gateway.Rest.SendAsync(stale);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("text/javascript; charset=utf-8", first.Content.Headers.ContentType?.ToString());
        Assert.Equal("no-cache", first.Headers.CacheControl?.ToString());
        Assert.NotNull(first.Headers.ETag);
        AssertSecurityHeaders(first);
        Assert.Contains("import", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        Assert.Empty(await second.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
    }

    [Theory]
    [InlineData("/console/assets/app.css", "text/css; charset=utf-8")]
    [InlineData("/console/assets/icon.svg", "image/svg+xml")]
    public async Task Asset_KnownFile_ItsContentType(string path, string contentType)
    {
        await using var gateway = await GatewayInstance.StartWithSourcesAsync();

        using var response = await gateway.Rest.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.ToString());
    }

    [Fact]
    public async Task Asset_UnknownOrNested_404()
    {
        await using var gateway = await GatewayInstance.StartWithSourcesAsync();

        foreach (var path in new[] { "/console/assets/nope.js", "/console/assets/index.html", "/console/assets/x/app.js", "/console/assets/APP.JS", "/console/assets/%2e%2e%2fapp.js" })
        {
            using var response = await gateway.Rest.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {response.StatusCode}");
        }
    }

    [Fact]
    public async Task ConsolePaths_GrpcPort_404()
    {
        await using var gateway = await GatewayInstance.StartWithSourcesAsync();
        using var http2 = new HttpClient { BaseAddress = gateway.GrpcAddress, DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };

        foreach (var path in new[] { "/", "/console", "/console/sources/astra", "/console/assets/app.js", "/console/config.json" })
        {
            using var response = await http2.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {response.StatusCode}");
        }
    }

    [Fact]
    public async Task Start_Enabled_SaysWhereTheConsoleIs()
    {
        using var logs = new CapturedLogs();
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(logs: logs);

        Assert.Contains(logs.Lines, l => l.Contains("[5200]", StringComparison.Ordinal) && l.Contains($"open {gateway.Rest.BaseAddress} in a browser", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Disabled_ConsolePaths404_HealthzSourcesStays()
    {
        using var logs = new CapturedLogs();
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(configure: s => s["TaskGateway:Console:Enabled"] = "false", logs: logs);

        Assert.DoesNotContain(logs.Lines, l => l.Contains("[5200]", StringComparison.Ordinal));

        foreach (var path in new[] { "/", "/console", "/console/sources/astra", "/console/assets/app.js", "/console/config.json" })
        {
            using var response = await gateway.Rest.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {response.StatusCode}");
        }

        using var health = await gateway.Rest.GetAsync("/healthz/sources");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task ApiKeys_ConsoleWithoutKey_ApiAndSourcesHealthStill401()
    {
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(configure: s => s["TaskGateway:Callers:ApiKeys:ops"] = Key);

        foreach (var path in new[] { "/", $"/console/{Names.AstraParent}/tasks", "/console/assets/app.js", "/console/config.json" })
        {
            using var open = await gateway.Rest.GetAsync(path);
            Assert.True(open.StatusCode == HttpStatusCode.OK, $"{path}: {open.StatusCode}");
        }

        using var config = JsonDocument.Parse(await gateway.Rest.GetStringAsync("/console/config.json"));
        Assert.Equal(["apiKey"], config.RootElement.GetProperty("authentication").EnumerateArray().Select(e => e.GetString()));
        foreach (var path in new[] { "/v1/sources", "/healthz/sources" })
        {
            using var refused = await gateway.Rest.GetAsync(path);
            Assert.True(refused.StatusCode == HttpStatusCode.Unauthorized, $"{path}: {refused.StatusCode}");
            using var keyed = new HttpRequestMessage(HttpMethod.Get, path);
            keyed.Headers.Add("x-api-key", Key);
            using var served = await gateway.Rest.SendAsync(keyed);
            Assert.True(served.StatusCode == HttpStatusCode.OK, $"{path} with the key: {served.StatusCode}");
        }
    }

    [Fact]
    public async Task HealthzSources_AnonymousHealthOn_StillNeedsACredential()
    {
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(configure: s =>
        {
            s["TaskGateway:Callers:ApiKeys:ops"] = Key;
            s["TaskGateway:Callers:Anonymous:Health"] = "true";
        });

        using var probe = await gateway.Rest.GetAsync("/healthz/ready");
        using var sources = await gateway.Rest.GetAsync("/healthz/sources");

        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, sources.StatusCode);
    }

    [Fact]
    public async Task HealthzSources_ConfiguredSources_EveryOneByAlias()
    {
        await using var gateway = await GatewayInstance.StartWithSourcesAsync();

        using var response = await gateway.Rest.GetAsync("/healthz/sources");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var sources = body.RootElement.GetProperty("sources").EnumerateArray().ToList();

        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(SandboxServer.Aliases.Order(StringComparer.Ordinal), sources.Select(s => s.GetProperty("alias").GetString()));
        Assert.All(sources, s => Assert.Equal("Healthy", s.GetProperty("status").GetString()));
        Assert.All(sources, s => Assert.Equal(JsonValueKind.Null, s.GetProperty("description").ValueKind));
    }

    [Fact]
    public async Task Config_ConfiguredSources_GrpcPortAndNoExamples()
    {
        await using var gateway = await GatewayInstance.StartWithSourcesAsync();

        using var response = await gateway.Rest.GetAsync("/console/config.json");
        using var config = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        AssertSecurityHeaders(response);
        Assert.Equal(gateway.GrpcAddress.Port, config.RootElement.GetProperty("grpcPort").GetInt32());
        Assert.Empty(config.RootElement.GetProperty("authentication").EnumerateArray());
        Assert.Empty(config.RootElement.GetProperty("examples").EnumerateArray());
    }

    [Fact]
    public async Task Config_EmbeddedSandbox_ExamplesTheApiServes()
    {
        await using var gateway = await GatewayInstance.StartEmbeddedAsync();

        using var config = JsonDocument.Parse(await gateway.Rest.GetStringAsync("/console/config.json"));
        var paths = config.RootElement.GetProperty("examples").EnumerateArray().Select(e => e.GetProperty("path").GetString()!).ToList();

        Assert.Equal(9, paths.Count);
        foreach (var path in paths)
        {
            // Each example is a collection or a task the API answers for: its list (collections) or the task itself.
            var resource = path["/console/".Length..];
            var api = resource.Split('/').Length % 2 == 0 || resource.EndsWith("/status", StringComparison.Ordinal) ? "/v1/" + resource : $"/v1/{resource}?pageSize=1";
            using var answer = await gateway.Rest.GetAsync(api);
            Assert.True(answer.StatusCode == HttpStatusCode.OK, $"{path} → {api}: {answer.StatusCode}");
        }
    }
}
