using BenchmarkDotNet.Attributes;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Auth;
using TaskGateway.Backends.Huawei;
using TaskGateway.Core.Filtering;
using TaskGateway.Core.Names;
using TaskGateway.Core.Resilience;

namespace TaskGateway.Benchmarks.Micro;

/// <summary>Signing (AK/SK and V11 derived), name parsing and filter evaluation: the per-request work outside HTTP.</summary>
[MemoryDiagnoser]
public class RequestPathBenchmarks
{
    private const string Name = "sources/iotda/projects/0b7e5d1c2a3f4e6d8c9b0a1f2e3d4c5b/instances/4f3e2d1c-0b9a-4876-a5b4-c3d2e1f0a9b8/tasks/075f413d-a3bb-4243-974d-8eb9221c1234";
    private const string Url = "https://iotda.cn-north-4.myhuaweicloud.com/v5/iot/0b7e5d1c2a3f4e6d8c9b0a1f2e3d4c5b/iotda-instances/4f3e2d1c-0b9a-4876-a5b4-c3d2e1f0a9b8/tasks/075f413d-a3bb-4243-974d-8eb9221c1234";
    private HttpMessageInvoker _akSk = null!;
    private HttpMessageInvoker _derived = null!;
    private TaskFilter _filter = null!;
    private CloudTask _task = null!;

    [GlobalSetup]
    public void Setup()
    {
        _akSk = new HttpMessageInvoker(new AkSkSigningHandler("AK-BENCHMARK", "SK-BENCHMARK-SECRET", null, null, null, TimeProvider.System) { InnerHandler = new Answer() });
        _derived = new HttpMessageInvoker(new AkSkSigningHandler("AK-BENCHMARK", "SK-BENCHMARK-SECRET", null, "cn-north-4", "iotdm", TimeProvider.System) { InnerHandler = new Answer() });
        _filter = TaskFilter.Parse("state = RUNNING AND progress_percent >= 50 OR create_time >= \"2024-01-01T00:00:00Z\"");
        _task = new MappingBenchmarks().IotdaInstanceTask();
    }

    [Benchmark]
    public Task<HttpResponseMessage> SignAkSk() => SendAsync(_akSk);

    [Benchmark]
    public Task<HttpResponseMessage> SignV11Derived() => SendAsync(_derived);

    [Benchmark]
    public bool ParseName() => ResourceNameParser.TryParseTask(Name, out _, out _);

    [Benchmark]
    public TaskFilter ParseFilter() => TaskFilter.Parse("state = RUNNING AND progress_percent >= 50");

    [Benchmark]
    public bool EvaluateFilter() => _filter.Matches(_task);

    private static Task<HttpResponseMessage> SendAsync(HttpMessageInvoker invoker)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, Url);
        request.Options.Set(UpstreamRequestOptions.ProjectId, "0b7e5d1c2a3f4e6d8c9b0a1f2e3d4c5b");
        return invoker.SendAsync(request, CancellationToken.None);
    }

    private sealed class Answer : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK));
    }
}
