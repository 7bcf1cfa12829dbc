using BenchmarkDotNet.Attributes;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Auth;
using TaskGateway.Backends.Huawei;
using TaskGateway.Core.Filtering;
using TaskGateway.Core.Http;
using TaskGateway.Core.Names;
using TaskGateway.Core.Resilience;

namespace TaskGateway.Benchmarks.Micro;

/// <summary>
/// Signing (AK/SK and V11 derived), the answer's bounded read, name parsing and filter evaluation: the per-request
/// work outside the sockets.
/// </summary>
[MemoryDiagnoser]
public class RequestPathBenchmarks
{
    private const string Name = "sources/iotda/projects/0b7e5d1c2a3f4e6d8c9b0a1f2e3d4c5b/instances/4f3e2d1c-0b9a-4876-a5b4-c3d2e1f0a9b8/tasks/075f413d-a3bb-4243-974d-8eb9221c1234";
    private const string Url = "https://iotda.cn-north-4.myhuaweicloud.com/v5/iot/0b7e5d1c2a3f4e6d8c9b0a1f2e3d4c5b/iotda-instances/4f3e2d1c-0b9a-4876-a5b4-c3d2e1f0a9b8/tasks/075f413d-a3bb-4243-974d-8eb9221c1234";
    private HttpMessageInvoker _akSk = null!;
    private HttpMessageInvoker _derived = null!;
    private HttpMessageInvoker _bounded = null!;
    private TaskFilter _filter = null!;
    private CloudTask _task = null!;

    [GlobalSetup]
    public void Setup()
    {
        _akSk = new HttpMessageInvoker(new AkSkSigningHandler("AK-BENCHMARK", "SK-BENCHMARK-SECRET", null, null, null, TimeProvider.System) { InnerHandler = new Answer() });
        _derived = new HttpMessageInvoker(new AkSkSigningHandler("AK-BENCHMARK", "SK-BENCHMARK-SECRET", null, "cn-north-4", "iotdm", TimeProvider.System) { InnerHandler = new Answer() });
        _bounded = new HttpMessageInvoker(new BoundedResponseHandler(4 * 1024 * 1024) { InnerHandler = new JsonAnswer() });
        _filter = TaskFilter.Parse("state = RUNNING AND progress_percent >= 50 OR create_time >= \"2024-01-01T00:00:00Z\"");
        _task = new MappingBenchmarks().IotdaInstanceTask();
    }

    [Benchmark]
    public Task<HttpResponseMessage> SignAkSk() => SendAsync(_akSk);

    [Benchmark]
    public Task<HttpResponseMessage> SignV11Derived() => SendAsync(_derived);

    /// <summary>An upstream answer read into a pooled buffer within MaxResponseBytes, content headers carried over.</summary>
    [Benchmark]
    public async Task<int> ReadBoundedAnswer()
    {
        using var response = await _bounded.SendAsync(new HttpRequestMessage(HttpMethod.Get, Url), CancellationToken.None).ConfigureAwait(false);
        return ((BoundedContent)response.Content).Body.Length;
    }

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

    /// <summary>The IoTDA instance task of <see cref="MappingBenchmarks"/>, its content headers raw as a socket handler leaves them.</summary>
    private sealed class JsonAnswer : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new ByteArrayContent(MappingBenchmarks.Iotda);
            content.Headers.TryAddWithoutValidation("Content-Type", "application/json;charset=UTF-8");
            content.Headers.TryAddWithoutValidation("Content-Length", MappingBenchmarks.Iotda.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = content, RequestMessage = request });
        }
    }
}
