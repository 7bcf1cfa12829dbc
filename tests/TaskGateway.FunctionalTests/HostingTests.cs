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
        Assert.NotEmpty(logs.Lines);
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
}
