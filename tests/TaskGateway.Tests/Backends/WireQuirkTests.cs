using System.Text;
using System.Text.Json;
using TaskGateway.Backends.AstraTasks;
using TaskGateway.Backends.CloudDcInstanceStatus;
using TaskGateway.Backends.DmsScheduledTasks;
using TaskGateway.Backends.IotdaExportTasks;
using TaskGateway.Backends.IotdaInstanceTasks;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Http;
using static TaskGateway.Contracts.V1.CloudTask.Types;

namespace TaskGateway.Tests.Backends;

/// <summary>What real backends send that their pages do not promise.</summary>
public class WireQuirkTests
{
    [Theory]
    [InlineData("{\"job_count\": 2, \"jobs\": []}")]
    [InlineData("{\"job_count\": \"2\", \"jobs\": []}")]
    public void DmsList_JobCountNumberOrString_Read(string json) =>
        Assert.Equal(2, JsonSerializer.Deserialize(json, DmsScheduledTaskJsonContext.Default.DmsScheduledTaskListWire)!.JobCount);

    [Fact]
    public void IotdaInstanceTask_NullProgressSizeAndUnknownFields_Tolerated()
    {
        const string json = """
            {"task_id":"075f413d-a3bb-4243-974d-8eb9221c1234","type":"MODIFY","status":"PENDING","progress":null,
             "target_config":{"flavor":{"type":"iotda.enterprise.1000tps.10wonlinedevice","size":null},"charge_mode":"prePaid"},
             "brand_new_field":{"nested":[1,2,3]},"create_time":"2021-08-19T01:52:49.493Z"}
            """;

        var wire = JsonSerializer.Deserialize(json, IotdaInstanceTaskJsonContext.Default.IotdaInstanceTaskWire)!;
        var task = IotdaInstanceTaskMapper.Map(wire, "iotda", "sources/iotda/projects/p/instances/i/tasks/t", "i");

        Assert.False(task.HasProgressPercent);
        Assert.False(task.IotdaInstanceTask.HasProgress);
        Assert.False(task.IotdaInstanceTask.TargetConfig.Flavor.HasSize);
        Assert.Equal("prePaid", task.IotdaInstanceTask.TargetConfig.ChargeMode);
        Assert.Equal(493_000_000, task.CreateTime.Nanos);
        Assert.Equal(State.Pending, task.State);
    }

    [Fact]
    public void IotdaInstanceTask_UnknownStatus_KeptRawAndUnspecified()
    {
        var task = IotdaInstanceTaskMapper.Map(new IotdaInstanceTaskWire { Status = "ROLLING_BACK" }, "iotda", "n", "i");

        Assert.Equal(State.Unspecified, task.State);
        Assert.Equal("ROLLING_BACK", task.SourceState);
        Assert.False(task.Done);
    }

    [Fact]
    public void CloudDc_ErrorObjectOnRunningInstance_NotFailedAndNoTaskError()
    {
        const string json = """{"state":"running","operation_state":"modify-ip-succeed","error":{"error_code":"CDC.1","error_msg":"an earlier try failed","error_type":"x"}}""";

        var wire = JsonSerializer.Deserialize(json, TaskGateway.Backends.CloudDcInstanceStatus.CloudDcInstanceStatusJsonContext.Default.CloudDcInstanceStatusWire)!;
        var task = TaskGateway.Backends.CloudDcInstanceStatus.CloudDcInstanceStatusMapper.Map(wire, "clouddc", "n", "i");

        Assert.Equal(State.Succeeded, task.State);
        Assert.Null(task.Error);
        Assert.Equal("CDC.1", task.ClouddcInstanceStatus.Error.ErrorCode);
    }

    [Theory]
    [InlineData("\"{\\\"task_id\\\":\\\"32822e5744a45ede319d2c50\\\"}\"", "task_id", "32822e5744a45ede319d2c50")]
    [InlineData("\"task_id=32822e5744a45ede319d2c50\"", "text", "task_id=32822e5744a45ede319d2c50")]
    public void ExportTask_ResourceConditionAsString_Kept(string condition, string field, string value)
    {
        var json = "{\"export_task_id\":\"jeQDJQZltU8iKgFFoW060F5SGZka\",\"resource_condition\":" + condition + ",\"status\":\"Success\"}";

        var wire = JsonSerializer.Deserialize(json, IotdaExportTaskJsonContext.Default.IotdaExportTaskWire)!;
        var task = IotdaExportTaskMapper.Map(wire, "exports", "n");

        Assert.Equal(value, task.IotdaExportTask.ResourceCondition.Fields[field].StringValue);
    }

    [Fact]
    public void ExportTask_ResourceConditionObjectAndLongCount_Mapped()
    {
        const string json = """
            {"export_tasks":[{"export_task_id":"jeQDJQZltU8iKgFFoW060F5SGZka","resource_type":"BatchTask",
              "resource_condition":{"task_id":"32822e5744a45ede319d2c50","deep":{"n":1}},"status":"Success",
              "export_count":9007199254740993,"progress":"100"}],"page":{"count":"1","marker":"5c90fa7d3c4e4405e8525079"}}
            """;

        var wire = JsonSerializer.Deserialize(json, IotdaExportTaskJsonContext.Default.IotdaExportTaskListWire)!;
        var task = IotdaExportTaskMapper.Map(wire.ExportTasks![0], "exports", "n");

        Assert.Equal("32822e5744a45ede319d2c50", task.IotdaExportTask.ResourceCondition.Fields["task_id"].StringValue);
        Assert.Equal(9007199254740993, task.IotdaExportTask.ExportCount);
        Assert.Equal(100, task.ProgressPercent);
        Assert.Equal(State.Succeeded, task.State);
        Assert.Equal(1, wire.Page!.Count);
    }

    [Fact]
    public void AstraTask_FractionalPercentNanosecondTimesLabelsAndParent_Mapped()
    {
        const string json = """
            {"type":"application/astra-task","version":"1.1","id":"t2","name":"astra.core.backup.snapshot","state":"running",
             "parentTaskID":"t1","orderHint":2,"percentDone":20.25,"startTime":"2024-05-01T10:00:00.123456789Z",
             "stateDetails":[],"stateTransitions":[{"from":"running","to":["completed","failed"]}],
             "metadata":{"labels":[{"name":"env","value":"prod"}],"creationTimestamp":"2024-05-01T09:59:59Z","modificationTimestamp":"2024-05-01T10:00:01.5Z","createdBy":"u"}}
            """;

        var wire = JsonSerializer.Deserialize(json, AstraTaskJsonContext.Default.AstraTaskWire)!;
        var task = AstraTaskMapper.Map(wire, "astra", "sources/astra/accounts/a/tasks/t2", "sources/astra/accounts/a/tasks/", "a");

        Assert.Equal(20.25, task.ProgressPercent);
        Assert.Equal(123_456_789, task.StartTime.Nanos);
        Assert.Equal("sources/astra/accounts/a/tasks/t1", task.Parent);
        Assert.Equal("prod", task.Labels["env"]);
        Assert.Equal(2, task.AstraTask.OrderHint);
        Assert.Equal(["completed", "failed"], task.AstraTask.StateTransitions[0].To);
    }

    [Fact]
    public void Mapper_SameRecordTwice_SameEtag_ChangedRecord_OtherEtag()
    {
        var wire = new CloudDcInstanceStatusWire { State = "pending", OperationState = "install-processing" };

        var a = CloudDcInstanceStatusMapper.Map(wire, "c", "n", "i");
        var b = CloudDcInstanceStatusMapper.Map(wire, "c", "n", "i");
        var c = CloudDcInstanceStatusMapper.Map(wire with { State = "running", OperationState = "install-succeed" }, "c", "n", "i");

        Assert.Equal(a.Etag, b.Etag);
        Assert.NotEqual(a.Etag, c.Etag);
        Assert.Equal("pending/install-processing", a.SourceState);
        Assert.Equal("install", a.Type);
    }

    [Fact]
    public void ErrorReader_AstraProblemWithStringStatus_ReadsCorrelationAndInvalidParams()
    {
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.BadRequest);
        var body = """{"type":"https://astra.netapp.io/problems/7","title":"Invalid query parameters","detail":"bad","status":"400","correlationID":"c-1","invalidParams":[{"name":"limit","reason":"digits"}]}"""u8;

        var e = UpstreamErrorReader.Read("astra", response, body, DateTimeOffset.UnixEpoch, TaskGateway.Backends.AstraTasks.AstraErrorBody.Instance);

        Assert.Equal(400, e.HttpStatus);
        Assert.Equal("c-1", e.RequestId);
        Assert.Equal("https://astra.netapp.io/problems/7", e.ErrorCode);
        Assert.Equal("limit", e.InvalidParams.Single().Key);
    }

    [Fact]
    public void ErrorReader_HuaweiNestedErrorAndHeaderRequestId_Read()
    {
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.Forbidden);
        response.Headers.Add("X-Request-Id", "r-9");

        var e = UpstreamErrorReader.Read("dms", response, """{"error":{"code":"DMS.403","message":"denied"}}"""u8, DateTimeOffset.UnixEpoch, TaskGateway.Backends.Huawei.HuaweiErrorBody.Instance);

        Assert.Equal("DMS.403", e.ErrorCode);
        Assert.Equal("r-9", e.RequestId);
        Assert.Contains("denied", e.Message);
    }

    [Fact]
    public void ErrorReader_BareString429WithHttpDateRetryAfter_Read()
    {
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.TooManyRequests);
        response.Headers.TryAddWithoutValidation("Retry-After", "Thu, 01 Jan 1970 00:00:05 GMT");

        var e = UpstreamErrorReader.Read("clouddc", response, Encoding.UTF8.GetBytes("Too Many Requests\u0007"), DateTimeOffset.UnixEpoch, TaskGateway.Backends.Huawei.HuaweiErrorBody.Instance);

        Assert.Equal(429, e.HttpStatus);
        Assert.Equal(TimeSpan.FromSeconds(5), e.RetryAfter);
        // Plain text is not CloudDC's documented error JSON: evidence (a sanitised excerpt), never the caller's message.
        Assert.Equal("Too Many Requests", e.BodyExcerpt);
        Assert.Equal("unknown", e.UndocumentedBodyType);
    }

    [Fact]
    public void ErrorReader_Garbage_NeverThrows()
    {
        using var response = new HttpResponseMessage(System.Net.HttpStatusCode.BadGateway);

        var e = UpstreamErrorReader.Read("x", response, new byte[] { 0xff, 0xfe, 0x00, 0x7b }, DateTimeOffset.UnixEpoch, TaskGateway.Backends.Huawei.HuaweiErrorBody.Instance);

        Assert.Equal(502, e.HttpStatus);
    }

    [Fact]
    public void CloudDc_ErrorObject_BecomesTaskError()
    {
        var task = CloudDcInstanceStatusMapper.Map(new CloudDcInstanceStatusWire { State = "error", Error = new CloudDcErrorStatusWire { ErrorCode = "E1", ErrorMsg = "disk", ErrorType = "power_on_error" } }, "c", "n", "i");

        Assert.Equal((int)Google.Rpc.Code.Aborted, task.Error.Code);
        Assert.Equal("disk", task.Error.Message);
        Assert.Equal("power_on_error", task.ClouddcInstanceStatus.Error.ErrorType);
        Assert.Equal(SourceKind.ClouddcInstanceStatus, task.Kind);
    }
}
