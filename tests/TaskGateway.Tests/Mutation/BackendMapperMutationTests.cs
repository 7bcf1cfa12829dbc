using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using TaskGateway.Backends.AstraTasks;
using TaskGateway.Backends.CloudDcInstanceStatus;
using TaskGateway.Backends.DmsScheduledTasks;
using TaskGateway.Backends.IotdaExportTasks;
using TaskGateway.Backends.IotdaInstanceTasks;
using TaskGateway.Contracts.V1;
using static TaskGateway.Contracts.V1.CloudTask.Types;

namespace TaskGateway.Tests.Mutation;

/// <summary>
/// Each backend's mapper, field by field: a record as the vendor documents it (every field set) and an empty one
/// (every field absent) map to a CloudTask written out here in full, so a field dropped, swapped or defaulted wrongly
/// fails. Written for the mutants Stryker.NET left alive in the mappers (docs/quality.md); the expected error is built
/// from the README's reasons, not the gateway's constants. Etags are checked apart: they are the mapper's output too,
/// but their value is Etag's business (tested in Mapping).
/// </summary>
public class BackendMapperMutationTests
{
    private static Timestamp At(string text) => Timestamp.FromDateTimeOffset(DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture));

    private static Google.Rpc.Status Error(int code, string reason, string source, string sourceState, string message, string backendCode = "")
    {
        var info = new ErrorInfo { Reason = reason, Domain = "taskgateway" };
        info.Metadata["source"] = source;
        info.Metadata["sourceState"] = sourceState;
        info.Metadata["upstreamErrorCode"] = backendCode;
        var status = new Google.Rpc.Status { Code = code, Message = message };
        status.Details.Add(Any.Pack(info));
        return status;
    }

    // The mapper stamps an etag; everything else must equal the expectation exactly.
    private static void AssertMapped(CloudTask expected, CloudTask actual)
    {
        Assert.Matches("^[0-9a-f]{24}$", actual.Etag);
        var withoutEtag = actual.Clone();
        withoutEtag.Etag = string.Empty;
        Assert.Equal(expected, withoutEtag);
    }

    private static T Wire<T>(string json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) => JsonSerializer.Deserialize(json, type)!;

    [Fact]
    public void IotdaInstanceTask_Map_EveryFieldCarried()
    {
        var wire = Wire("""
            {"task_id":"075f413d-a3bb","type":"MODIFY","status":"FAILED","status_detail":"flavor sold out",
             "create_time":"2021-08-19T01:52:49Z","start_time":"2021-08-19T01:53:00Z","end_time":"2021-08-19T01:54:00Z",
             "target_config":{"flavor":{"type":"iotda.enterprise","size":2.0},"charge_mode":"prePaid"},
             "operate_window":{"start_time":"02:00","end_time":"04:00"},"progress":42.6}
            """, IotdaInstanceTaskJsonContext.Default.IotdaInstanceTaskWire);

        var details = new IotdaInstanceTaskDetails
        {
            TaskId = "075f413d-a3bb", Type = "MODIFY", Status = "FAILED", StatusDetail = "flavor sold out",
            CreateTime = "2021-08-19T01:52:49Z", StartTime = "2021-08-19T01:53:00Z", EndTime = "2021-08-19T01:54:00Z",
            InstanceId = "inst", Progress = 43,
            TargetConfig = new() { ChargeMode = "prePaid", Flavor = new() { Type = "iotda.enterprise", Size = 2 } },
            OperateWindow = new() { StartTime = "02:00", EndTime = "04:00" },
        };
        var expected = new CloudTask
        {
            Name = "n", Source = "iotda", Kind = SourceKind.IotdaInstanceTask, Type = "MODIFY", State = State.Failed, Done = true,
            SourceState = "FAILED", StatusMessage = "flavor sold out", CreateTime = At("2021-08-19T01:52:49Z"), StartTime = At("2021-08-19T01:53:00Z"),
            EndTime = At("2021-08-19T01:54:00Z"), ProgressPercent = 42.6, IotdaInstanceTask = details,
            Error = Error(10, "TASK_FAILED", "iotda", "FAILED", "flavor sold out"),
        };

        AssertMapped(expected, IotdaInstanceTaskMapper.Map(wire, "iotda", "n", "inst"));
    }

    [Fact]
    public void IotdaInstanceTask_MapEmptyRecord_EmptyStringsAndNoOptionalFields()
    {
        var expected = new CloudTask
        {
            Name = "n", Source = "iotda", Kind = SourceKind.IotdaInstanceTask, State = State.Unspecified,
            IotdaInstanceTask = new IotdaInstanceTaskDetails { InstanceId = "inst" },
        };

        AssertMapped(expected, IotdaInstanceTaskMapper.Map(new IotdaInstanceTaskWire(), "iotda", "n", "inst"));
    }

    [Fact]
    public void IotdaInstanceTask_MapTargetConfigWithoutFlavorOrSize_KeepsWhatIsThere()
    {
        var noFlavor = IotdaInstanceTaskMapper.Map(Wire("""{"target_config":{}}""", IotdaInstanceTaskJsonContext.Default.IotdaInstanceTaskWire), "iotda", "n", "i");
        var noSize = IotdaInstanceTaskMapper.Map(Wire("""{"target_config":{"flavor":{}}}""", IotdaInstanceTaskJsonContext.Default.IotdaInstanceTaskWire), "iotda", "n", "i");
        var window = IotdaInstanceTaskMapper.Map(Wire("""{"operate_window":{}}""", IotdaInstanceTaskJsonContext.Default.IotdaInstanceTaskWire), "iotda", "n", "i");

        Assert.Equal(new IotdaInstanceTaskDetails.Types.TargetConfig { ChargeMode = string.Empty }, noFlavor.IotdaInstanceTask.TargetConfig);
        Assert.Equal(new IotdaInstanceTaskDetails.Types.Flavor { Type = string.Empty }, noSize.IotdaInstanceTask.TargetConfig.Flavor);
        Assert.False(noSize.IotdaInstanceTask.TargetConfig.Flavor.HasSize);
        Assert.Equal(new IotdaInstanceTaskDetails.Types.OperateWindow(), window.IotdaInstanceTask.OperateWindow);
    }

    [Theory]
    [InlineData("SUCCESS", null, 100.0, true)]
    [InlineData("SUCCESS", 30.0, 30.0, true)]
    [InlineData("RUNNING", null, null, false)]
    [InlineData("RUNNING", 150.0, 100.0, false)]
    [InlineData("RUNNING", -5.0, 0.0, false)]
    public void IotdaInstanceTask_MapProgress_FromTheRecordElseHundredWhenSucceeded(string status, double? progress, double? expected, bool hasEnd)
    {
        var task = IotdaInstanceTaskMapper.Map(new IotdaInstanceTaskWire { Status = status, Progress = progress, EndTime = "2021-08-19T01:54:00Z" }, "iotda", "n", "i");

        Assert.Equal(expected.HasValue, task.HasProgressPercent);
        Assert.Equal(expected ?? 0, task.ProgressPercent);
        Assert.Equal(hasEnd, task.EndTime is not null);
        Assert.Null(task.Error);
    }

    [Fact]
    public void IotdaExportTask_Map_EveryFieldCarried()
    {
        var wire = Wire("""
            {"export_task_id":"e1","resource_type":"device","resource_condition":{"product_id":"p1","tags":["a"]},
             "export_format":"CSV","status":"Failed","export_count":7,"progress":99.5,
             "create_time":"20240101T010203Z","end_time":"20240101T020304Z","app_type":"GLOBAL","app_id":"app"}
            """, IotdaExportTaskJsonContext.Default.IotdaExportTaskWire);

        var condition = new Struct();
        condition.Fields["product_id"] = Value.ForString("p1");
        condition.Fields["tags"] = Value.ForList(Value.ForString("a"));
        var expected = new CloudTask
        {
            Name = "n", Source = "exp", Kind = SourceKind.IotdaExportTask, Type = "device", State = State.Failed, Done = true, SourceState = "Failed",
            CreateTime = At("2024-01-01T01:02:03Z"), EndTime = At("2024-01-01T02:03:04Z"), ProgressPercent = 99.5,
            IotdaExportTask = new IotdaExportTaskDetails
            {
                ExportTaskId = "e1", ResourceType = "device", ResourceCondition = condition, ExportFormat = "CSV", Status = "Failed",
                CreateTime = "20240101T010203Z", EndTime = "20240101T020304Z", AppType = "GLOBAL", AppId = "app", ExportCount = 7, Progress = 100,
            },
            Error = Error(10, "TASK_FAILED", "exp", "Failed", "The task failed."),
        };

        AssertMapped(expected, IotdaExportTaskMapper.Map(wire, "exp", "n"));
    }

    [Fact]
    public void IotdaExportTask_MapEmptyRecord_EmptyStringsAndNoOptionalFields()
    {
        var expected = new CloudTask
        {
            Name = "n", Source = "exp", Kind = SourceKind.IotdaExportTask, State = State.Unspecified, IotdaExportTask = new IotdaExportTaskDetails(),
        };

        AssertMapped(expected, IotdaExportTaskMapper.Map(new IotdaExportTaskWire(), "exp", "n"));
    }

    [Fact]
    public void IotdaExportTask_MapRunning_NoEndTimeAndProgressClamped()
    {
        var task = IotdaExportTaskMapper.Map(new IotdaExportTaskWire { Status = "Processing", EndTime = "20240101T020304Z", Progress = 120 }, "exp", "n");

        Assert.Null(task.EndTime);
        Assert.Equal(100, task.ProgressPercent);
        Assert.Equal(120, task.IotdaExportTask.Progress);
        Assert.Null(task.Error);
    }

    [Fact]
    public void DmsScheduledTask_Map_EveryFieldCarried()
    {
        var wire = Wire("""
            {"id":"j1","name":"resize","user_name":"u","user_id":"uid","params":"{\"a\":1}","status":"SUCCESS",
             "created_at":"2024-01-01T00:00:00Z","updated_at":"2024-01-01T00:10:00Z","schedule_at":"2024-01-01T00:05:00Z"}
            """, DmsScheduledTaskJsonContext.Default.DmsScheduledTaskWire);

        var expected = new CloudTask
        {
            Name = "n", Source = "dms", Kind = SourceKind.DmsScheduledTask, Type = "resize", State = State.Succeeded, Done = true, SourceState = "SUCCESS",
            CreateTime = At("2024-01-01T00:00:00Z"), UpdateTime = At("2024-01-01T00:10:00Z"), ScheduleTime = At("2024-01-01T00:05:00Z"),
            EndTime = At("2024-01-01T00:10:00Z"), ProgressPercent = 100,
            DmsScheduledTask = new DmsScheduledTaskDetails
            {
                Id = "j1", Name = "resize", UserName = "u", UserId = "uid", Params = "{\"a\":1}", Status = "SUCCESS",
                CreatedAt = "2024-01-01T00:00:00Z", UpdatedAt = "2024-01-01T00:10:00Z", ScheduleAt = "2024-01-01T00:05:00Z", InstanceId = "inst",
            },
        };

        AssertMapped(expected, DmsScheduledTaskMapper.Map(wire, "dms", "n", "inst"));
    }

    [Fact]
    public void DmsScheduledTask_MapEmptyRecord_EmptyStringsAndNoOptionalFields()
    {
        var expected = new CloudTask
        {
            Name = "n", Source = "dms", Kind = SourceKind.DmsScheduledTask, State = State.Unspecified, DmsScheduledTask = new DmsScheduledTaskDetails { InstanceId = "inst" },
        };

        AssertMapped(expected, DmsScheduledTaskMapper.Map(new DmsScheduledTaskWire(), "dms", "n", "inst"));
    }

    [Theory]
    [InlineData("FAILED", 10, "TASK_FAILED", "The task failed.", true)]
    [InlineData("CANCELLED", 1, "TASK_CANCELLED", "The task was cancelled.", true)]
    [InlineData("EXECUTING", 0, null, null, false)]
    public void DmsScheduledTask_MapEndStates_ErrorEndTimeAndNoProgress(string status, int code, string? reason, string? message, bool ended)
    {
        var task = DmsScheduledTaskMapper.Map(new DmsScheduledTaskWire { Status = status, UpdatedAt = "2024-01-01T00:10:00Z" }, "dms", "n", "i");

        Assert.Equal(reason is null ? null : Error(code, reason, "dms", status, message!), task.Error);
        Assert.Equal(ended ? At("2024-01-01T00:10:00Z") : null, task.EndTime);
        Assert.False(task.HasProgressPercent);
    }

    [Fact]
    public void AstraTask_Map_EveryFieldCarried()
    {
        var wire = Wire("""
            {"type":"application/astra-task","version":"1.1","id":"t1","name":"backup","summary":"sum","description":"desc",
             "service":"svc","parentTaskID":"t0","userID":"u1","resourceID":"r1","resourceURI":"/r/1","resourceCollectionURI":["/r","/s"],
             "state":"failed","stateTransitions":[{"from":"running","to":["failed","completed"]},{}],
             "stateDetails":[{"type":"t","title":"Disk","detail":"full","additionalDetails":{"k":true}},{"title":"Quota"}],
             "orderHint":3,"percentDone":55.5,"startTime":"2024-01-01T00:00:00.123456789Z","endTime":"2024-01-01T01:00:00Z",
             "cancelTime":"2024-01-01T02:00:00Z",
             "metadata":{"labels":[{"name":"env","value":"prod"},{"name":"","value":"x"},{"name":"nv"}],"creationTimestamp":"2024-01-01T00:00:00Z",
                         "modificationTimestamp":"2024-01-01T01:00:00Z","createdBy":"c","modifiedBy":"m"}}
            """, AstraTaskJsonContext.Default.AstraTaskWire);

        var additional = new Struct();
        additional.Fields["k"] = Value.ForBool(true);
        var details = new AstraTaskDetails
        {
            Type = "application/astra-task", Version = "1.1", Id = "t1", Name = "backup", Summary = "sum", Description = "desc", Service = "svc",
            ParentTaskId = "t0", UserId = "u1", ResourceId = "r1", ResourceUri = "/r/1", State = "failed", StartTime = "2024-01-01T00:00:00.123456789Z",
            EndTime = "2024-01-01T01:00:00Z", CancelTime = "2024-01-01T02:00:00Z", AccountId = "acc", OrderHint = 3, PercentDone = 55.5,
            ResourceCollectionUri = { "/r", "/s" },
            StateTransitions = { new AstraTaskDetails.Types.StateTransition { From = "running", To = { "failed", "completed" } }, new AstraTaskDetails.Types.StateTransition() },
            StateDetails =
            {
                new AstraTaskDetails.Types.StateDetail { Type = "t", Title = "Disk", Detail = "full", AdditionalDetails = additional },
                new AstraTaskDetails.Types.StateDetail { Title = "Quota" },
            },
            Metadata = new AstraTaskDetails.Types.Metadata
            {
                CreationTimestamp = "2024-01-01T00:00:00Z", ModificationTimestamp = "2024-01-01T01:00:00Z", CreatedBy = "c", ModifiedBy = "m",
                Labels = { new AstraTaskDetails.Types.Label { Name = "env", Value = "prod" }, new AstraTaskDetails.Types.Label { Value = "x" }, new AstraTaskDetails.Types.Label { Name = "nv" } },
            },
        };
        var expected = new CloudTask
        {
            Name = "n", Source = "astra", Kind = SourceKind.AstraTask, Type = "backup", State = State.Failed, Done = true, SourceState = "failed",
            StartTime = new Timestamp { Seconds = At("2024-01-01T00:00:00Z").Seconds, Nanos = 123456789 }, EndTime = At("2024-01-01T01:00:00Z"),
            StatusMessage = "Disk: full; Quota", Parent = "accounts/acc/tasks/t0", ProgressPercent = 55.5,
            CreateTime = At("2024-01-01T00:00:00Z"), UpdateTime = At("2024-01-01T01:00:00Z"),
            Labels = { ["env"] = "prod", ["nv"] = string.Empty },
            AstraTask = details,
            Error = Error(10, "TASK_FAILED", "astra", "failed", "Disk: full; Quota"),
        };

        AssertMapped(expected, AstraTaskMapper.Map(wire, "astra", "n", "accounts/acc/tasks/", "acc"));
    }

    [Fact]
    public void AstraTask_MapEmptyRecord_EmptyStringsAndNoOptionalFields()
    {
        var expected = new CloudTask
        {
            Name = "n", Source = "astra", Kind = SourceKind.AstraTask, State = State.Unspecified, AstraTask = new AstraTaskDetails { AccountId = "acc" },
        };

        AssertMapped(expected, AstraTaskMapper.Map(new AstraTaskWire(), "astra", "n", "accounts/acc/tasks/", "acc"));
    }

    [Fact]
    public void AstraTask_MapCancelledWithoutEndTime_EndsAtCancelTimeWithCancelledError()
    {
        var task = AstraTaskMapper.Map(new AstraTaskWire { State = "cancelled", CancelTime = "2024-01-01T02:00:00Z", Summary = "stopped by user" }, "astra", "n", "p/", "acc");

        Assert.Equal(At("2024-01-01T02:00:00Z"), task.EndTime);
        Assert.Equal("stopped by user", task.StatusMessage);
        Assert.Equal(Error(1, "TASK_CANCELLED", "astra", "cancelled", "The task was cancelled."), task.Error);
    }

    [Fact]
    public void AstraTask_MapNotCancelledWithoutEndTime_NoEndTimeFromCancelTime()
    {
        var task = AstraTaskMapper.Map(new AstraTaskWire { State = "failed", CancelTime = "2024-01-01T02:00:00Z", PercentDone = 140 }, "astra", "n", "p/", "acc");

        Assert.Null(task.EndTime);
        Assert.Equal(100, task.ProgressPercent);
        Assert.Equal(Error(10, "TASK_FAILED", "astra", "failed", "The task failed."), task.Error);
    }

    [Fact]
    public void CloudDcInstanceStatus_Map_EveryFieldCarried()
    {
        var wire = Wire("""{"state":"error","operation_state":"install-failed","error":{"error_code":"CDC.1","error_msg":"no capacity","error_type":"quota"}}""",
            CloudDcInstanceStatusJsonContext.Default.CloudDcInstanceStatusWire);

        var expected = new CloudTask
        {
            Name = "n", Source = "cdc", Kind = SourceKind.ClouddcInstanceStatus, Type = "install", State = State.Failed, Done = true,
            SourceState = "error/install-failed", StatusMessage = "no capacity",
            ClouddcInstanceStatus = new CloudDcInstanceStatusDetails
            {
                State = "error", OperationState = "install-failed", InstanceId = "inst",
                Error = new CloudDcInstanceStatusDetails.Types.ErrorStatus { ErrorCode = "CDC.1", ErrorMsg = "no capacity", ErrorType = "quota" },
            },
            Error = Error(10, "TASK_FAILED", "cdc", "error/install-failed", "no capacity", "CDC.1"),
        };

        AssertMapped(expected, CloudDcInstanceStatusMapper.Map(wire, "cdc", "n", "inst"));
    }

    [Theory]
    [InlineData("{}", "", State.Unspecified)]
    [InlineData("""{"state":"running"}""", "running", State.Succeeded)]
    [InlineData("""{"operation_state":"install-processing"}""", "install-processing", State.Running)]
    [InlineData("""{"state":"error","error":{}}""", "error", State.Failed)]
    public void CloudDcInstanceStatus_MapPartialRecord_SourceStateWithoutSlash(string json, string sourceState, State state)
    {
        var task = CloudDcInstanceStatusMapper.Map(Wire(json, CloudDcInstanceStatusJsonContext.Default.CloudDcInstanceStatusWire), "cdc", "n", "i");

        Assert.Equal(sourceState, task.SourceState);
        Assert.Equal(state, task.State);
        Assert.Equal(string.Empty, task.StatusMessage);
        Assert.Equal(state == State.Failed ? Error(10, "TASK_FAILED", "cdc", sourceState, "The task failed.") : null, task.Error);
        if (json.Contains("error\":{}", StringComparison.Ordinal))
        {
            Assert.Equal(new CloudDcInstanceStatusDetails.Types.ErrorStatus(), task.ClouddcInstanceStatus.Error);
        }
        else
        {
            Assert.Null(task.ClouddcInstanceStatus.Error);
        }
    }

    [Theory]
    [InlineData("install", "install")]
    [InlineData("-failed", "-failed")]
    [InlineData("a-b-c", "a-b")]
    public void CloudDcInstanceStatus_Operation_CutsAtTheLastDashAfterTheFirstCharacter(string operationState, string expected) =>
        Assert.Equal(expected, CloudDcInstanceStatusMapper.Operation(operationState));
}
