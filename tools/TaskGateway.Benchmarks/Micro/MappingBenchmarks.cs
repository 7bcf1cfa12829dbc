using System.Text.Json;
using BenchmarkDotNet.Attributes;
using TaskGateway.Backends.AstraTasks;
using TaskGateway.Backends.CloudDcInstanceStatus;
using TaskGateway.Backends.DmsScheduledTasks;
using TaskGateway.Backends.IotdaExportTasks;
using TaskGateway.Backends.IotdaInstanceTasks;
using TaskGateway.Contracts.V1;

namespace TaskGateway.Benchmarks.Micro;

/// <summary>Each backend's JSON body to a CloudTask: deserialization (source-generated) plus mapping, as on the request path.</summary>
[MemoryDiagnoser]
public class MappingBenchmarks
{
    /// <summary>An IoTDA instance task as the vendor answers it (also the answer the bounded-read benchmark reads).</summary>
    internal static readonly byte[] Iotda = """
        {"task_id":"075f413d-a3bb-4243-974d-8eb9221c1234","type":"MODIFY","status":"RUNNING","status_detail":"Changing the instance specification.",
         "progress":40,"create_time":"2021-08-19T01:52:49.493Z","start_time":"2021-08-19T01:52:59.493Z",
         "target_config":{"flavor":{"type":"iotda.enterprise.1000tps.10wonlinedevice","size":2},"charge_mode":"prePaid"},
         "operate_window":{"start_time":"18:00","end_time":"22:00"}}
        """u8.ToArray();

    private static readonly byte[] Dms = """
        {"id":"9a8b7c6d-0001-4a3b-8c2d-1e0f9a8b7c6d","name":"modify_specification","user_name":"admin","user_id":"u-1",
         "params":"{\"new_storage_space\":600}","status":"SUCCESS","created_at":"2024-05-01T10:00:00Z","updated_at":"2024-05-01T10:05:00Z",
         "schedule_at":"2024-05-01T10:00:00Z"}
        """u8.ToArray();

    private static readonly byte[] Export = """
        {"export_task_id":"jeQDJQZltU8iKgFFoW060F5SGZka","resource_type":"BatchTask","resource_condition":{"task_id":"32822e5744a45ede319d2c50"},
         "status":"Processing","export_count":1200,"progress":"40","create_time":"20240501T100000Z"}
        """u8.ToArray();

    private static readonly byte[] Astra = """
        {"type":"application/astra-task","version":"1.1","id":"a1b2c3d4-0000-4000-8000-000000000001","name":"astra.core.backup.snapshot","state":"running",
         "parentTaskID":"","orderHint":2,"percentDone":20.25,"startTime":"2024-05-01T10:00:00.123456789Z",
         "stateDetails":[],"stateTransitions":[{"from":"running","to":["completed","failed"]}],
         "metadata":{"labels":[],"creationTimestamp":"2024-05-01T10:00:00Z","modificationTimestamp":"2024-05-01T10:01:00Z","createdBy":"u-1"}}
        """u8.ToArray();

    private static readonly byte[] CloudDc = """{"state":"running","operation_state":"power-on"}"""u8.ToArray();

    [Benchmark]
    public CloudTask IotdaInstanceTask() => IotdaInstanceTaskMapper.Map(
        JsonSerializer.Deserialize(Iotda, IotdaInstanceTaskJsonContext.Default.IotdaInstanceTaskWire)!, "iotda",
        "sources/iotda/projects/0b7e5d1c2a3f4e6d8c9b0a1f2e3d4c5b/instances/4f3e2d1c-0b9a-4876-a5b4-c3d2e1f0a9b8/tasks/075f413d-a3bb-4243-974d-8eb9221c1234", "4f3e2d1c-0b9a-4876-a5b4-c3d2e1f0a9b8");

    [Benchmark]
    public CloudTask DmsScheduledTask() => DmsScheduledTaskMapper.Map(
        JsonSerializer.Deserialize(Dms, DmsScheduledTaskJsonContext.Default.DmsScheduledTaskWire)!, "dms",
        "sources/dms/projects/0b7e5d1c2a3f4e6d8c9b0a1f2e3d4c5b/instances/9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d/scheduledTasks/9a8b7c6d-0001-4a3b-8c2d-1e0f9a8b7c6d", "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d");

    [Benchmark]
    public CloudTask IotdaExportTask() => IotdaExportTaskMapper.Map(
        JsonSerializer.Deserialize(Export, IotdaExportTaskJsonContext.Default.IotdaExportTaskWire)!, "exports",
        "sources/exports/projects/0b7e5d1c2a3f4e6d8c9b0a1f2e3d4c5b/exportTasks/jeQDJQZltU8iKgFFoW060F5SGZka");

    [Benchmark]
    public CloudTask AstraTask() => AstraTaskMapper.Map(
        JsonSerializer.Deserialize(Astra, AstraTaskJsonContext.Default.AstraTaskWire)!, "astra",
        "sources/astra/accounts/6c4f8a2e-1d3b-4e5f-9a7c-2b4d6e8f0a1c/tasks/a1b2c3d4-0000-4000-8000-000000000001",
        "sources/astra/accounts/6c4f8a2e-1d3b-4e5f-9a7c-2b4d6e8f0a1c/tasks/", "6c4f8a2e-1d3b-4e5f-9a7c-2b4d6e8f0a1c");

    [Benchmark]
    public CloudTask CloudDcInstanceStatus() => CloudDcInstanceStatusMapper.Map(
        JsonSerializer.Deserialize(CloudDc, CloudDcInstanceStatusJsonContext.Default.CloudDcInstanceStatusWire)!, "clouddc",
        "sources/clouddc/projects/0b7e5d1c2a3f4e6d8c9b0a1f2e3d4c5b/instances/cdc-web-01/status", "cdc-web-01");
}
