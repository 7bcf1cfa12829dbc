using System.Net;
using System.Text.Json;
using Google.Rpc;
using Grpc.Core;
using TaskGateway.Contracts.V1;
using TaskGateway.Sandbox;
using StatusCode = Grpc.Core.StatusCode;

namespace TaskGateway.FunctionalTests;

/// <summary>Every class of backend failure, injected in the sandbox and seen through a real gRPC client.</summary>
[Collection("gateway")]
public class UpstreamErrorTests(GatewayFixture fixture)
{
    private const string AstraTaskPath = "/core/v1/tasks/a1b2c3d4-0000-4000-8000-00000000000a";
    private const string AstraTask = $"{Names.AstraParent}/tasks/a1b2c3d4-0000-4000-8000-00000000000a";
    private readonly GatewayInstance _gateway = fixture.Gateway;

    private async Task<RpcException> GetFailingAsync(string name)
    {
        try
        {
            await _gateway.Client.GetTaskAsync(new GetTaskRequest { Name = name });
        }
        catch (RpcException e)
        {
            return e;
        }
        finally
        {
            _gateway.Sandbox.Faults.Clear();
        }

        throw new Xunit.Sdk.XunitException("The call succeeded.");
    }

    private static ErrorInfo Info(RpcException e) => e.GetRpcStatus()!.GetDetail<ErrorInfo>();

    [Fact]
    public async Task GetTask_Backend404_NotFoundWithUpstreamCodeAndRequestId()
    {
        var e = await GetFailingAsync($"{Names.IotdaParent}/tasks/deadbeef-0000-4000-8000-000000000000");

        Assert.Equal(StatusCode.NotFound, e.StatusCode);
        var info = Info(e);
        Assert.Equal("TASK_NOT_FOUND", info.Reason);
        Assert.Equal("taskgateway", info.Domain);
        Assert.Equal("IOTDA.014016", info.Metadata["upstreamErrorCode"]);
        Assert.Equal("404", info.Metadata["upstreamHttpStatus"]);
        Assert.NotEmpty(info.Metadata["upstreamRequestId"]);
        Assert.Equal("iotda", info.Metadata["source"]);
    }

    [Fact]
    public async Task GetTask_ListOnlyBackendWithoutTheTask_NotFound()
    {
        var e = await GetFailingAsync($"{Names.ExportsParent}/exportTasks/000000000000000000000000");

        Assert.Equal(StatusCode.NotFound, e.StatusCode);
        Assert.Equal("TASK_NOT_FOUND", Info(e).Reason);
    }

    [Fact]
    public async Task GetTask_AstraProblem400WithInvalidParams_InvalidArgumentNamingThemInErrorInfoOnly()
    {
        _gateway.Sandbox.Faults.Enqueue(AstraTaskPath, new SandboxFault(400,
            """{"type":"https://astra.netapp.io/problems/7","title":"Invalid query parameters","detail":"bad","status":"400","correlationID":"corr-7","invalidParams":[{"name":"include","reason":"unknown field"}]}""",
            "application/problem+json"));

        var e = await GetFailingAsync(AstraTask);

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        Assert.Equal("corr-7", Info(e).Metadata["upstreamRequestId"]);
        Assert.Equal("include: unknown field", Info(e).Metadata["upstreamInvalidParams"]);
        Assert.Null(e.GetRpcStatus()!.GetDetail<BadRequest>());
    }

    [Fact]
    public async Task ListTasks_AstraIgnoresContinueAndRepeatsThePage_UnimplementedNotDuplicates()
    {
        // A backend that ignores continue: every answer is the first page, with the same continue token.
        const string page = """{"items":[{"type":"application/astra-task","version":"1.1","id":"a1b2c3d4-0000-4000-8000-0000000000a1","name":"a","state":"completed"},{"type":"application/astra-task","version":"1.1","id":"a1b2c3d4-0000-4000-8000-0000000000a2","name":"b","state":"completed"}],"metadata":{"continue":"c2FtZQ=="}}""";
        _gateway.Sandbox.Faults.Enqueue("/core/v1/tasks?limit=", new SandboxFault(200, page), times: 2);
        RpcException e;
        try
        {
            var first = await _gateway.Client.ListTasksAsync(new ListTasksRequest { Parent = Names.AstraParent, PageSize = 2 });
            Assert.Equal(2, first.Tasks.Count);
            Assert.NotEmpty(first.NextPageToken);

            e = await Assert.ThrowsAsync<RpcException>(() => _gateway.Client.ListTasksAsync(
                new ListTasksRequest { Parent = Names.AstraParent, PageSize = 2, PageToken = first.NextPageToken }).ResponseAsync);
        }
        finally
        {
            _gateway.Sandbox.Faults.Clear();
        }

        Assert.Equal(StatusCode.Unimplemented, e.StatusCode);
        Assert.Equal("UPSTREAM_PAGING_UNSUPPORTED", Info(e).Reason);
    }

    [Fact]
    public async Task ListTasks_AstraRefusesTheGatewaysLimit_InternalNotInvalidArgument()
    {
        _gateway.Sandbox.Faults.Enqueue("/core/v1/tasks", new SandboxFault(400,
            """{"type":"https://astra.netapp.io/problems/7","title":"Invalid query parameters","detail":"bad","status":"400","correlationID":"corr-8","invalidParams":[{"name":"limit","reason":"must be digits"}]}""",
            "application/problem+json"));

        RpcException e;
        try
        {
            e = await Assert.ThrowsAsync<RpcException>(() => _gateway.Client.ListTasksAsync(new ListTasksRequest { Parent = Names.AstraParent }).ResponseAsync);
        }
        finally
        {
            _gateway.Sandbox.Faults.Clear();
        }

        Assert.Equal(StatusCode.Internal, e.StatusCode);
        Assert.Equal("UPSTREAM_REFUSED_GATEWAY_REQUEST", Info(e).Reason);
        Assert.Null(e.GetRpcStatus()!.GetDetail<BadRequest>());
    }

    [Fact]
    public async Task GetTask_Backend401_InternalCredentialsRejectedNotUnauthenticated()
    {
        _gateway.Sandbox.Faults.Enqueue(AstraTaskPath, new SandboxFault(401, """{"type":"https://astra.netapp.io/problems/3","title":"Unauthorized","detail":"no","status":"401"}"""));

        var e = await GetFailingAsync(AstraTask);

        Assert.Equal(StatusCode.Internal, e.StatusCode);
        Assert.Equal("UPSTREAM_CREDENTIALS_REJECTED", Info(e).Reason);
        Assert.Contains("operator", e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetTask_Backend401ToGatewayCredentials_VendorTextOnlyInTheLogWithoutSecrets()
    {
        var logs = new CapturedLogs();
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(logs: logs);
        // The backend describes the gateway's account and echoes the credential it was sent.
        gateway.Sandbox.Faults.Enqueue("/scheduled-tasks", new SandboxFault(401,
            $$"""{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information: token {{SandboxCredentials.HuaweiToken}} of account acme-prod-42 expired","request_id":"r-401"}"""));

        var e = await Assert.ThrowsAsync<RpcException>(() => gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.DmsLive }).ResponseAsync);

        Assert.Equal(StatusCode.Internal, e.StatusCode);
        Assert.Contains("refused the gateway's own credentials", e.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("acme-prod-42", e.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("IAM", e.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("APIGW.0301", Info(e).Metadata["upstreamErrorCode"]);
        Assert.Equal("r-401", Info(e).Metadata["upstreamRequestId"]);

        var line = Assert.Single(logs.Lines, l => l.Contains("[1010]", StringComparison.Ordinal));
        Assert.Contains("acme-prod-42", line, StringComparison.Ordinal);
        Assert.Contains("r-401", line, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Lines, l => l.Contains(SandboxCredentials.HuaweiToken, StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetTask_Backend403ToGatewayCredentials_PermissionDeniedWithoutVendorText()
    {
        _gateway.Sandbox.Faults.Enqueue("/status", new SandboxFault(403, """{"error_code":"CLOUDDC.0403","error_msg":"Account acme-prod-42 has no access to project p-77.","request_id":"r-403"}"""));

        var e = await GetFailingAsync(Names.CloudDcLive);

        Assert.Equal(StatusCode.PermissionDenied, e.StatusCode);
        Assert.Contains("refused the gateway's own credentials", e.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("acme-prod-42", e.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("r-403", Info(e).Metadata["upstreamRequestId"]);
    }

    [Fact]
    public async Task GetTask_Backend404_KeepsVendorTextAboutTheCallersTask()
    {
        _gateway.Sandbox.Faults.Enqueue("/status", new SandboxFault(404, """{"error_code":"CLOUDDC.0404","error_msg":"Instance cdc-x does not exist."}"""));

        var e = await GetFailingAsync(Names.CloudDcLive);

        Assert.Equal(StatusCode.NotFound, e.StatusCode);
        Assert.Contains("Instance cdc-x does not exist.", e.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetTask_Backend403_PermissionDenied()
    {
        _gateway.Sandbox.Faults.Enqueue("/status", new SandboxFault(403, """{"error_code":"CLOUDDC.0403","error_msg":"Forbidden."}"""));

        var e = await GetFailingAsync(Names.CloudDcLive);

        Assert.Equal(StatusCode.PermissionDenied, e.StatusCode);
        Assert.Equal("CLOUDDC.0403", Info(e).Metadata["upstreamErrorCode"]);
    }

    [Fact]
    public async Task GetTask_Backend429WithRetryAfter_UnavailableWithThatRetryDelay()
    {
        _gateway.Sandbox.Faults.Enqueue("/iotda-instances/", new SandboxFault(429, """{"error_code":"APIG.0308","error_msg":"The request is throttled.","request_id":"r-429"}""") { RetryAfter = TimeSpan.FromSeconds(7) });

        var e = await GetFailingAsync(Names.IotdaLive);

        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        Assert.Equal("UPSTREAM_RATE_LIMITED", Info(e).Reason);
        Assert.Equal("APIG.0308", Info(e).Metadata["upstreamErrorCode"]);
        Assert.Equal(TimeSpan.FromSeconds(7), e.GetRpcStatus()!.GetDetail<RetryInfo>().RetryDelay.ToTimeSpan());
    }

    [Fact]
    public async Task GetTask_CloudDcBareString429_UnavailableWithDefaultRetryDelay()
    {
        _gateway.Sandbox.Faults.Enqueue("/status", new SandboxFault(429, "Too Many Requests", "text/plain"));

        var e = await GetFailingAsync(Names.CloudDcLive);

        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        // Throttling is about the gateway's account, not the caller's request: the backend's words stay in the log.
        Assert.Contains("throttling the gateway", e.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("Too Many Requests", e.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(2), e.GetRpcStatus()!.GetDetail<RetryInfo>().RetryDelay.ToTimeSpan());
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    public async Task GetTask_Backend5xx_Unavailable(int status)
    {
        _gateway.Sandbox.Faults.Enqueue("/iotda-instances/", new SandboxFault(status, """{"error_code":"SYS.0500","error_msg":"Internal server error."}"""));

        var e = await GetFailingAsync(Names.IotdaLive);

        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        Assert.Equal("UPSTREAM_UNAVAILABLE", Info(e).Reason);
        Assert.Equal(status.ToString(System.Globalization.CultureInfo.InvariantCulture), Info(e).Metadata["upstreamHttpStatus"]);
    }

    [Theory]
    [InlineData("{\"task_id\": \"075f413d", "application/json")]
    [InlineData("<html>gateway error</html>", "text/html")]
    [InlineData("{\"task_id\": {\"unexpected\": \"object\"}}", "application/json")]
    public async Task GetTask_MalformedBody_UnavailableMalformedResponse(string body, string contentType)
    {
        _gateway.Sandbox.Faults.Enqueue("/iotda-instances/", new SandboxFault(200, body, contentType));

        var e = await GetFailingAsync(Names.IotdaLive);

        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        Assert.Equal("UPSTREAM_MALFORMED_RESPONSE", Info(e).Reason);
    }

    [Fact]
    public async Task GetTask_ConnectionDropped_Unavailable()
    {
        _gateway.Sandbox.Faults.Enqueue("/iotda-instances/", new SandboxFault(0) { Abort = true });

        var e = await GetFailingAsync(Names.IotdaLive);

        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        Assert.Equal("UPSTREAM_UNAVAILABLE", Info(e).Reason);
    }

    [Fact]
    public async Task GetTask_Redirect_RefusedAndNotFollowed()
    {
        var before = _gateway.Sandbox.Requests.Count;
        _gateway.Sandbox.Faults.Enqueue("/iotda-instances/", new SandboxFault(302) { });
        _gateway.Sandbox.Faults.Enqueue("/v1/redirected", new SandboxFault(200, "{}"));

        var e = await GetFailingAsync(Names.IotdaLive);

        Assert.Equal(StatusCode.Internal, e.StatusCode);
        Assert.Equal("UPSTREAM_REDIRECT_REFUSED", Info(e).Reason);
        Assert.Equal(before + 1, _gateway.Sandbox.Requests.Count);
    }

    [Fact]
    public async Task GetTask_RestBackend404_Http404WithStatusJsonAndErrorInfo()
    {
        using var response = await _gateway.Rest.GetAsync($"/v1/{Names.AstraParent}/tasks/00000000-0000-4000-8000-000000000000");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(5, json.RootElement.GetProperty("code").GetInt32());
        var info = json.RootElement.GetProperty("details").EnumerateArray().Single(d => d.GetProperty("@type").GetString() == "type.googleapis.com/google.rpc.ErrorInfo");
        Assert.Equal("TASK_NOT_FOUND", info.GetProperty("reason").GetString());
        Assert.Equal("404", info.GetProperty("metadata").GetProperty("upstreamHttpStatus").GetString());
    }

    [Fact]
    public async Task GetTask_Rest429_Http503WithRetryInfo()
    {
        _gateway.Sandbox.Faults.Enqueue(AstraTaskPath, new SandboxFault(429, """{"title":"Too many requests","status":"429"}""") { RetryAfter = TimeSpan.FromSeconds(3) });

        using var response = await _gateway.Rest.GetAsync("/v1/" + AstraTask);
        _gateway.Sandbox.Faults.Clear();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("type.googleapis.com/google.rpc.RetryInfo", body, StringComparison.Ordinal);
        Assert.Contains("\"3s\"", body, StringComparison.Ordinal);
    }

    private const string ProxyErrorPage = """
        <html><head><title>502 Bad Gateway</title><style>body { color: red; }</style><script>var secret = 1;</script></head>
        <body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx/1.25.3 &amp; proxy-eu-7</center></body></html>
        """;

    [Fact]
    public async Task GetTask_Backend502HtmlPage_MessageSaysStatusAndTypeExcerptInErrorInfoAndLog()
    {
        var logs = new CapturedLogs();
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(logs: logs);
        gateway.Sandbox.Faults.Enqueue("/iotda-instances/", new SandboxFault(502, ProxyErrorPage, "text/html"));

        var e = await Assert.ThrowsAsync<RpcException>(() => gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.IotdaLive }).ResponseAsync);

        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        Assert.Equal("UPSTREAM_UNAVAILABLE", Info(e).Reason);
        Assert.Contains("HTTP 502", e.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("text/html", e.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("<", e.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("nginx", e.Status.Detail, StringComparison.Ordinal);
        var excerpt = Info(e).Metadata["upstreamBodyExcerpt"];
        Assert.Equal("502 Bad Gateway 502 Bad Gateway nginx/1.25.3 proxy-eu-7", excerpt);
        Assert.Equal("text/html", Info(e).Metadata["upstreamContentType"]);

        var line = Assert.Single(logs.Lines, l => l.Contains("[1010]", StringComparison.Ordinal));
        Assert.Contains(excerpt, line, StringComparison.Ordinal);
        Assert.DoesNotContain("<", line, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetTask_Backend404HtmlPage_NoMarkupInTheMessage()
    {
        _gateway.Sandbox.Faults.Enqueue("/status", new SandboxFault(404, "<html><body><h1>Not Found</h1><p>The page at /status was not found on proxy-eu-7.</p></body></html>", "text/html"));

        var e = await GetFailingAsync(Names.CloudDcLive);

        Assert.Equal(StatusCode.NotFound, e.StatusCode);
        Assert.DoesNotContain("<", e.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("proxy-eu-7", e.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("HTTP 404", e.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("Not Found The page at /status was not found on proxy-eu-7.", Info(e).Metadata["upstreamBodyExcerpt"]);
    }
}
