using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Mapping;
using TaskGateway.Events.Engine;
using static TaskGateway.Contracts.V1.CloudTask.Types;

namespace TaskGateway.Tests.Events.Engine;

public class TaskJsonTests
{
    private const string Name = "sources/exports/projects/p1/exportTasks/e1";

    private static CloudTask Rich() => new()
    {
        Name = Name,
        Source = "exports",
        Kind = SourceKind.IotdaExportTask,
        Type = "BatchTask",
        State = State.Failed,
        Done = true,
        SourceState = "Failed",
        ProgressPercent = 42.5,
        CreateTime = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 12, 3, 7, 0, 0, TimeSpan.Zero)),
        EndTime = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 12, 3, 7, 5, 30, 250, TimeSpan.Zero)),
        Error = TaskError.Failed("exports", "Failed", "The export failed <badly> & \"loudly\".", "IOTDA.0001"),
        Labels = { ["team"] = "a", ["tier"] = "" },
        Etag = "e-1",
        IotdaExportTask = new IotdaExportTaskDetails
        {
            ExportTaskId = "e1",
            ResourceType = "BatchTask",
            ResourceCondition = Struct.Parser.ParseJson("""{"a": 1, "b": ["x", null, true], "c": {"d": 2.5}}"""),
            Status = "Failed",
            ExportCount = 12345678901234,
            Progress = 42,
        },
    };

    [Fact]
    public async Task Format_RichTask_SameAsTheRestApiReturnsForIt()
    {
        var task = Rich();
        await using var host = await TranscodingHost.StartAsync(task);
        using var http = new HttpClient { BaseAddress = host.Address };

        var rest = await http.GetStringAsync(new Uri("/v1/" + Name, UriKind.Relative));
        var ours = TaskJson.Format(task);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(rest), JsonNode.Parse(ours)), $"REST:     {rest}\nTaskJson: {ours}");
    }

    [Fact]
    public async Task Format_BareTask_SameAsTheRestApiReturnsForIt()
    {
        var task = new CloudTask { Name = Name, State = State.Running };
        await using var host = await TranscodingHost.StartAsync(task);
        using var http = new HttpClient { BaseAddress = host.Address };

        var rest = await http.GetStringAsync(new Uri("/v1/" + Name, UriKind.Relative));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(rest), JsonNode.Parse(TaskJson.Format(task))), $"REST: {rest}\nTaskJson: {TaskJson.Format(task)}");
    }

    [Fact]
    public void Format_RichTask_EnumsWithoutPrefixInt64AsNumbersTimestampsAsRfc3339()
    {
        var json = JsonDocument.Parse(TaskJson.Format(Rich())).RootElement;

        Assert.Equal("FAILED", json.GetProperty("state").GetString());
        Assert.Equal("IOTDA_EXPORT_TASK", json.GetProperty("kind").GetString());
        Assert.Equal("2026-12-03T07:05:30.250Z", json.GetProperty("endTime").GetString());
        Assert.Equal(42.5, json.GetProperty("progressPercent").GetDouble());
        var details = json.GetProperty("iotdaExportTask");
        Assert.Equal(JsonValueKind.Number, details.GetProperty("exportCount").ValueKind);
        Assert.Equal(12345678901234, details.GetProperty("exportCount").GetInt64());
        Assert.Equal(2.5, details.GetProperty("resourceCondition").GetProperty("c").GetProperty("d").GetDouble());
        var info = json.GetProperty("error").GetProperty("details")[0];
        Assert.Equal("type.googleapis.com/google.rpc.ErrorInfo", info.GetProperty("@type").GetString());
        Assert.Equal("TASK_FAILED", info.GetProperty("reason").GetString());
        Assert.Equal("", json.GetProperty("parent").GetString());
    }

    [Theory]
    [InlineData("State", "STATE_RUNNING", "RUNNING")]
    [InlineData("SourceKind", "SOURCE_KIND_ASTRA_TASK", "ASTRA_TASK")]
    [InlineData("State", "RUNNING", "RUNNING")]
    [InlineData("State", "STATE", "STATE")]
    [InlineData("State", "STATE__", "STATE__")]
    [InlineData("State", "STAT_X", "STAT_X")]
    public void WithoutPrefix_ValueName_AsTranscodingWritesIt(string enumName, string value, string expected) =>
        Assert.Equal(expected, TaskJson.WithoutPrefix(enumName, value));

    /// <summary>The host's JSON transcoding (its settings copied from Hosting/GrpcExtensions.cs) serving one task over real loopback HTTP.</summary>
    private sealed class TranscodingHost : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private TranscodingHost(WebApplication app, Uri address)
        {
            _app = app;
            Address = address;
        }

        public Uri Address { get; }

        public static async Task<TranscodingHost> StartAsync(CloudTask task)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
            builder.Services.AddGrpc().AddJsonTranscoding(o =>
            {
                o.JsonSettings.RemoveEnumPrefix = true;
                o.TypeRegistry = TypeRegistry.FromMessages(ErrorInfo.Descriptor, BadRequest.Descriptor, RetryInfo.Descriptor);
            });
            builder.Services.AddSingleton(new OneTask(task));
            var app = builder.Build();
            app.MapGrpcService<OneTask>();
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return new TranscodingHost(app, new Uri(address));
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private sealed class OneTask(CloudTask task) : Contracts.V1.TaskService.TaskServiceBase
    {
        public override Task<GetTaskResponse> GetTask(GetTaskRequest request, ServerCallContext context) =>
            Task.FromResult(new GetTaskResponse { Task = task });
    }
}
