using System.Net;
using System.Text.Json;
using TaskGateway.Contracts.V1;
using static TaskGateway.Contracts.V1.CloudTask.Types;

namespace TaskGateway.FunctionalTests;

[Collection("gateway")]
public class GetTaskTests(GatewayFixture fixture)
{
    private readonly GatewayInstance _gateway = fixture.Gateway;

    public static TheoryData<string, SourceKind, CloudTask.DetailsOneofCase> EveryBackend => new()
    {
        { Names.IotdaLive, SourceKind.IotdaInstanceTask, CloudTask.DetailsOneofCase.IotdaInstanceTask },
        { Names.DmsOld, SourceKind.DmsScheduledTask, CloudTask.DetailsOneofCase.DmsScheduledTask },
        { Names.ExportLive, SourceKind.IotdaExportTask, CloudTask.DetailsOneofCase.IotdaExportTask },
        { Names.AstraLive, SourceKind.AstraTask, CloudTask.DetailsOneofCase.AstraTask },
        { Names.CloudDcLive, SourceKind.ClouddcInstanceStatus, CloudTask.DetailsOneofCase.ClouddcInstanceStatus },
    };

    [Theory]
    [MemberData(nameof(EveryBackend))]
    public async Task GetTask_Grpc_EveryBackend_ReturnsNormalisedTaskUnderItsName(string name, SourceKind kind, CloudTask.DetailsOneofCase details)
    {
        var task = (await _gateway.Client.GetTaskAsync(new GetTaskRequest { Name = name })).Task;

        Assert.Equal(name, task.Name);
        Assert.Equal(kind, task.Kind);
        Assert.Equal(details, task.DetailsCase);
        Assert.Equal(name.Split('/')[1], task.Source);
        Assert.NotEqual(State.Unspecified, task.State);
        Assert.NotEmpty(task.SourceState);
        Assert.NotEmpty(task.Etag);
    }

    [Theory]
    [MemberData(nameof(EveryBackend))]
    public async Task GetTask_Rest_EveryBackend_ReturnsTaskJsonWithoutEnumPrefix(string name, SourceKind kind, CloudTask.DetailsOneofCase details)
    {
        using var response = await _gateway.Rest.GetAsync("/v1/" + name);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal(name, root.GetProperty("name").GetString());
        Assert.DoesNotContain("STATE_", root.GetProperty("state").GetString());
        Assert.Equal(SourceReflection.Descriptor.EnumTypes[0].FindValueByNumber((int)kind).Name["SOURCE_KIND_".Length..], root.GetProperty("kind").GetString());
        var detailsField = CloudTask.Descriptor.FindFieldByNumber((int)details);
        Assert.Equal(JsonValueKind.Object, root.GetProperty(detailsField.JsonName).ValueKind);
    }

    [Fact]
    public async Task GetTask_FinishedDmsTask_FoundByPagingTheList()
    {
        var before = _gateway.Sandbox.Requests.CountContaining("/scheduled-tasks");

        var task = (await _gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.DmsOld })).Task;

        Assert.Equal("ff808082889e267601889e2d0000001c", task.DmsScheduledTask.Id);
        Assert.True(task.Done);
        // 30 jobs at 100 a page: one list call finds the 29th job.
        Assert.Equal(1, _gateway.Sandbox.Requests.CountContaining("/scheduled-tasks") - before);
    }

    [Fact]
    public async Task GetTask_FailedAstraTask_CarriesErrorAndStateDetails()
    {
        var task = (await _gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.AstraFailed })).Task;

        Assert.Equal(State.Failed, task.State);
        Assert.True(task.Done);
        Assert.Equal((int)Google.Rpc.Code.Aborted, task.Error.Code);
        Assert.Contains("read-only", task.Error.Message, StringComparison.Ordinal);
        Assert.Equal(3, task.AstraTask.StateDetails[0].AdditionalDetails.Fields["attempts"].NumberValue);
    }

    [Fact]
    public async Task GetTask_CloudDcError_FailedWithBackendError()
    {
        var task = (await _gateway.Client.GetTaskAsync(new GetTaskRequest { Name = Names.CloudDcError })).Task;

        Assert.Equal(State.Failed, task.State);
        Assert.Equal("error/install-failed", task.SourceState);
        Assert.Equal("CLOUDDC.1001", task.ClouddcInstanceStatus.Error.ErrorCode);
    }

    [Fact]
    public async Task GetTask_AstraSubtask_ParentIsAGettableName()
    {
        var list = await _gateway.Client.ListTasksAsync(new ListTasksRequest { Parent = Names.AstraParent, PageSize = 100 });
        var subtask = list.Tasks.First(t => t.Parent.Length > 0);

        var parent = (await _gateway.Client.GetTaskAsync(new GetTaskRequest { Name = subtask.Parent })).Task;

        Assert.Equal(Names.AstraLive, parent.Name);
    }

    [Fact]
    public async Task ListSources_Grpc_ListsEveryConfiguredSourceWithItsShape()
    {
        var response = await _gateway.Client.ListSourcesAsync(new ListSourcesRequest());

        Assert.Equal(["astra", "clouddc", "dms", "exports", "iotda"], response.Sources.Select(s => s.Alias));
        var clouddc = response.Sources.Single(s => s.Alias == "clouddc");
        Assert.False(clouddc.SupportsList);
        Assert.Equal("sources/clouddc/projects/{project}/instances/{instance}/status", clouddc.TaskNamePattern);
        Assert.False(response.Sources.Single(s => s.Alias == "dms").NativeGet);
        Assert.Empty(response.NextPageToken);
    }

    [Fact]
    public async Task ListSources_PageSizeTwo_PagesThroughAll()
    {
        var seen = new List<string>();
        var token = string.Empty;
        do
        {
            var page = await _gateway.Client.ListSourcesAsync(new ListSourcesRequest { PageSize = 2, PageToken = token });
            seen.AddRange(page.Sources.Select(s => s.Alias));
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        Assert.Equal(["astra", "clouddc", "dms", "exports", "iotda"], seen);
    }
}
