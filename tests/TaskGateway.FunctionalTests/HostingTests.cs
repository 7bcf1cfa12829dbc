using System.Net;
using Google.Rpc;
using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.Extensions.Options;
using TaskGateway.Contracts.V1;
using TaskGateway.Sandbox;
using StatusCode = Grpc.Core.StatusCode;

namespace TaskGateway.FunctionalTests;

public class HostingTests
{
    [Fact]
    public async Task Start_NoSourcesInDevelopment_EmbedsSandboxWithOneSourceOfEachKind()
    {
        await using var gateway = await GatewayInstance.StartEmbeddedAsync(environment: "Development");

        var sources = await gateway.Client.ListSourcesAsync(new ListSourcesRequest());
        var task = (await gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.IotdaLive })).Task;

        Assert.Equal(5, sources.Sources.Select(s => s.Kind).Distinct().Count());
        Assert.Equal(Names.IotdaLive, task.Name);
        Assert.True(gateway.Sandbox.Requests.Count > 0);
    }

    [Fact]
    public async Task Start_NoSourcesInProductionWithSandboxEnabled_EmbedsSandbox()
    {
        await using var gateway = await GatewayInstance.StartEmbeddedAsync(environment: "Production", sandboxEnabled: true);

        var sources = await gateway.Client.ListSourcesAsync(new ListSourcesRequest());

        Assert.Equal(5, sources.Sources.Count);
    }

    [Theory]
    [InlineData("Production", null)]
    [InlineData("Staging", null)]
    [InlineData("Development", false)]
    public async Task Start_NoSourcesOutsideDevelopment_RefusesToStartSayingHowToFix(string environment, bool? sandboxEnabled)
    {
        // A production gateway whose sources went missing (a mistyped variable) must not serve demo data.
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => GatewayInstance.StartEmbeddedAsync(environment: environment, sandboxEnabled: sandboxEnabled));

        var failure = Assert.Single(e.Failures);
        Assert.StartsWith("TaskGateway:Sources: no source is configured", failure, StringComparison.Ordinal);
        Assert.Contains("TaskGateway:Sandbox:Enabled=true", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("-0.1")]
    [InlineData("half")]
    public async Task Start_TraceSampleRatioOutOfRange_RefusedNamingTheKey(string ratio)
    {
        var e = await Assert.ThrowsAsync<TaskGateway.Hosting.GatewayConfigurationException>(() =>
            GatewayInstance.StartWithSourcesAsync(configure: s => s["TaskGateway:Telemetry:TraceSampleRatio"] = ratio));
        Assert.Contains("TaskGateway:Telemetry:TraceSampleRatio", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_TraceSampleRatioInRange_Serves()
    {
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(configure: s => s["TaskGateway:Telemetry:TraceSampleRatio"] = "0.25");
        Assert.Equal(Names.AstraLive, (await gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.AstraLive })).Task.Name);
    }

    [Fact]
    public async Task Reflection_V1AndV1Alpha_ListTheTaskService()
    {
        await using var gateway = await GatewayInstance.StartWithSourcesAsync();

        var v1 = new Grpc.Reflection.V1.ServerReflection.ServerReflectionClient(gateway.Channel).ServerReflectionInfo();
        await v1.RequestStream.WriteAsync(new Grpc.Reflection.V1.ServerReflectionRequest { ListServices = string.Empty });
        await v1.RequestStream.CompleteAsync();
        Assert.True(await v1.ResponseStream.MoveNext(CancellationToken.None));
        var services = v1.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();

        var alpha = new Grpc.Reflection.V1Alpha.ServerReflection.ServerReflectionClient(gateway.Channel).ServerReflectionInfo();
        await alpha.RequestStream.WriteAsync(new Grpc.Reflection.V1Alpha.ServerReflectionRequest { FileContainingSymbol = "taskgateway.v1.TaskService" });
        await alpha.RequestStream.CompleteAsync();
        Assert.True(await alpha.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Contains("taskgateway.v1.TaskService", services);
        Assert.Contains("grpc.health.v1.Health", services);
        Assert.NotEmpty(alpha.ResponseStream.Current.FileDescriptorResponse.FileDescriptorProto);
    }

    [Fact]
    public async Task Reflection_ContractFiles_CarryTheProtoComments()
    {
        await using var gateway = await GatewayInstance.StartWithSourcesAsync();

        var call = new Grpc.Reflection.V1.ServerReflection.ServerReflectionClient(gateway.Channel).ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new Grpc.Reflection.V1.ServerReflectionRequest { FileContainingSymbol = "taskgateway.v1.TaskService" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));

        var files = call.ResponseStream.Current.FileDescriptorResponse.FileDescriptorProto
            .Select(b => Google.Protobuf.Reflection.FileDescriptorProto.Parser.ParseFrom(b)).ToList();
        var service = files.Single(f => f.Name == "taskgateway/v1/task_service.proto");
        Assert.Contains(service.SourceCodeInfo.Location, l => l.LeadingComments.Contains("Gets one task by its resource name", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("google.rpc.ErrorInfo")]
    [InlineData("google.rpc.RetryInfo")]
    [InlineData("taskgateway.v1.CloudTask")]
    public async Task Reflection_ErrorDetailTypes_Resolvable(string symbol)
    {
        await using var gateway = await GatewayInstance.StartWithSourcesAsync();

        var call = new Grpc.Reflection.V1.ServerReflection.ServerReflectionClient(gateway.Channel).ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new Grpc.Reflection.V1.ServerReflectionRequest { FileContainingSymbol = symbol });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Null(call.ResponseStream.Current.ErrorResponse);
        Assert.NotEmpty(call.ResponseStream.Current.FileDescriptorResponse.FileDescriptorProto);
    }

    [Fact]
    public async Task Health_Check_Serving()
    {
        await using var gateway = await GatewayInstance.StartWithSourcesAsync();

        var response = await new Health.HealthClient(gateway.Channel).CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task GetTask_GatewayCredentialsRefused_InternalAndSecretNeverLogged()
    {
        const string wrongToken = "wrong-token-7c1e9f0a-must-not-leak";
        const string wrongSecret = "wrong-secret-3b8d2c4e-must-not-leak";
        var logs = new CapturedLogs();
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(configure: s =>
        {
            s["TaskGateway:Sources:dms:Auth:Token"] = wrongToken;
            s["TaskGateway:Sources:iotda:Auth:SecretKey"] = wrongSecret;
        }, logs: logs);

        var dms = await Assert.ThrowsAsync<RpcException>(() => gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.DmsLive }).ResponseAsync);
        var iotda = await Assert.ThrowsAsync<RpcException>(() => gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.IotdaLive }).ResponseAsync);

        Assert.Equal(StatusCode.Internal, dms.StatusCode);
        Assert.Equal("UPSTREAM_CREDENTIALS_REJECTED", dms.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason);
        Assert.Equal("APIG.0301", iotda.GetRpcStatus()!.GetDetail<ErrorInfo>().Metadata["upstreamErrorCode"]);

        // Every level, and Polly's Debug lines around the refused upstream calls: appsettings.json raises Polly and
        // Microsoft.AspNetCore to Warning, and must not hide anything from this check.
        logs.AssertEveryLevelCaptured("Debug Polly[");
        foreach (var text in logs.Lines.Append(dms.ToString()).Append(iotda.ToString()))
        {
            Assert.DoesNotContain(wrongToken, text, StringComparison.Ordinal);
            Assert.DoesNotContain(wrongSecret, text, StringComparison.Ordinal);
            Assert.DoesNotContain(SandboxCredentials.SecretKey, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Start_InvalidConfiguration_FailsWithEveryProblemAndNoSecret()
    {
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => GatewayInstance.StartWithSourcesAsync(configure: s =>
        {
            s["TaskGateway:Sources:dms:Endpoint"] = "ftp://dms.example.com";
            s["TaskGateway:Sources:astra:Auth:Scheme"] = "Basic";
            s["TaskGateway:Sources:iotda:Auth:AccessKey"] = null;
        }));

        Assert.Equal(3, e.Failures.Count());
        Assert.Contains(e.Failures, f => f.StartsWith("TaskGateway:Sources:dms:Endpoint", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("TaskGateway:Sources:astra:Auth:Scheme", StringComparison.Ordinal));
        Assert.Contains(e.Failures, f => f.StartsWith("TaskGateway:Sources:iotda:Auth:AccessKey", StringComparison.Ordinal));
        Assert.DoesNotContain(SandboxCredentials.SecretKey, e.Message, StringComparison.Ordinal);
    }

    private sealed class HostRewriter(string host) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Host = host;
            return base.SendAsync(request, cancellationToken);
        }
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("evil.example:5080")]
    [InlineData("127.0.0.1.evil.example")]
    [InlineData("app.localhost")]
    [InlineData("10.0.0.8")]
    public async Task RestGet_LocalOnlyHostNotLoopback_RefusedBeforeAnyWork(string host)
    {
        // DNS rebinding: a page in a browser on this machine reaches loopback through a name it controls.
        var logs = new CapturedLogs();
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(logs: logs);
        var before = gateway.Sandbox.Requests.Count;
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/" + Names.AstraLive) { Headers = { Host = host } };

        using var response = await gateway.Rest.SendAsync(request);

        Assert.Equal(HttpStatusCode.MisdirectedRequest, response.StatusCode);
        Assert.Contains("HOST_NOT_LOOPBACK", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, gateway.Sandbox.Requests.Count);
        Assert.Contains(logs.Lines, l => l.Contains("[4006]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetTask_LocalOnlyAuthorityNotLoopback_PermissionDenied()
    {
        await using var gateway = await GatewayInstance.StartWithSourcesAsync();
        var before = gateway.Sandbox.Requests.Count;
        using var channel = Grpc.Net.Client.GrpcChannel.ForAddress(gateway.GrpcAddress, new Grpc.Net.Client.GrpcChannelOptions { HttpHandler = new HostRewriter("evil.example") });

        var e = await Assert.ThrowsAsync<RpcException>(() => new TaskService.TaskServiceClient(channel).GetTaskAsync(new GetTaskRequest { Name = Names.AstraLive }).ResponseAsync);
        var reflection = new Grpc.Reflection.V1.ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo();
        await reflection.RequestStream.CompleteAsync();
        var r = await Assert.ThrowsAsync<RpcException>(() => reflection.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(StatusCode.PermissionDenied, e.StatusCode);
        Assert.Equal("HOST_NOT_LOOPBACK", e.GetRpcStatus()!.GetDetail<ErrorInfo>().Reason);
        Assert.Equal(StatusCode.PermissionDenied, r.StatusCode);
        Assert.Equal(before, gateway.Sandbox.Requests.Count);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("LOCALHOST")]
    [InlineData("127.0.0.1")]
    [InlineData("127.1.2.3")]
    [InlineData("[::1]")]
    public async Task RestGet_LocalOnlyLoopbackHost_Served(string host)
    {
        await using var gateway = await GatewayInstance.StartWithSourcesAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/" + Names.AstraLive) { Headers = { Host = $"{host}:{gateway.Rest.BaseAddress!.Port}" } };

        using var response = await gateway.Rest.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task RestGet_CallerAuthenticationOnHostNotLoopback_Served()
    {
        // With caller authentication the gateway serves any host name: callers prove who they are instead.
        const string key = "hosting-key-0123456789abcdefghijklmn";
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(configure: s => s["TaskGateway:Callers:ApiKeys:ops"] = key);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/" + Names.AstraLive) { Headers = { Host = "gateway.example" } };
        request.Headers.Add("x-api-key", key);

        using var response = await gateway.Rest.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("http://[::]:0")]
    public async Task Start_KestrelEndpointBeyondLoopbackWithoutCallerAuthentication_RefusedAfterBinding(string url)
    {
        // TaskGateway:Hosting:Address stays on loopback; a listener configured elsewhere is seen once bound.
        var logs = new CapturedLogs();
        var e = await Assert.ThrowsAsync<TaskGateway.Hosting.GatewayConfigurationException>(() => GatewayInstance.StartWithSourcesAsync(
            configure: s => s["Kestrel:Endpoints:extra:Url"] = url, logs: logs));

        Assert.Contains("beyond loopback", e.Message, StringComparison.Ordinal);
        Assert.Contains("AllowUnauthenticatedRemote", e.Message, StringComparison.Ordinal);
        Assert.Contains(logs.Lines, l => l.StartsWith("Critical", StringComparison.Ordinal) && l.Contains("[4007]", StringComparison.Ordinal));
        using var output = new StringWriter();
        Assert.True(TaskGateway.Hosting.StartupFailure.TryReport(e, output));
    }

    [Fact]
    public async Task Start_KestrelEndpointLoopback_Serves()
    {
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(configure: s => s["Kestrel:Endpoints:extra:Url"] = "http://127.0.0.1:0");
        Assert.Equal(Names.AstraLive, (await gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.AstraLive })).Task.Name);
    }

    [Fact]
    public async Task Start_KestrelEndpointBeyondLoopbackWithCallerAuthentication_Serves()
    {
        const string key = "hosting-key-0123456789abcdefghijklmn";
        await using var gateway = await GatewayInstance.StartWithSourcesAsync(configure: s =>
        {
            s["TaskGateway:Callers:ApiKeys:ops"] = key;
            s["Kestrel:Endpoints:extra:Url"] = "http://0.0.0.0:0";
        });
        var response = await gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.AstraLive }, new Metadata { { "x-api-key", key } });
        Assert.Equal(Names.AstraLive, response.Task.Name);
    }
}
