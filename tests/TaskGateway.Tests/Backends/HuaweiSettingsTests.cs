using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using TaskGateway.Backends;
using TaskGateway.Backends.Huawei;
using TaskGateway.Backends.IotdaExportTasks;
using TaskGateway.Core.Http;
using TaskGateway.Core.Names;
using TaskGateway.Core.Paging;
using TaskGateway.Core.Resilience;
using TaskGateway.Core.Sources;
using TaskGateway.Core.Filtering;

namespace TaskGateway.Tests.Backends;

/// <summary>
/// Huawei's own settings (region, IoTDA's instance id, the derived signing service) live in the backends' folder, yet
/// the keys users set today, TaskGateway:Sources:{alias}:Region and the like, keep working.
/// </summary>
public sealed class HuaweiSettingsTests
{
    private static GatewayOptions Bind(Dictionary<string, string?> keys)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(keys).Build();
        var section = configuration.GetSection("TaskGateway");
        var services = new ServiceCollection();
        services.AddOptions<GatewayOptions>().Bind(section);
        services.AddSingleton<IPostConfigureOptions<GatewayOptions>>(new BackendSettingsBinder(section, new BackendKinds(BackendCatalog.All)));
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<GatewayOptions>>().Value;
    }

    private static Dictionary<string, string?> Source(string alias, string kind, params (string Key, string Value)[] extra)
    {
        var keys = new Dictionary<string, string?>
        {
            [$"TaskGateway:Sources:{alias}:Kind"] = kind,
            [$"TaskGateway:Sources:{alias}:Endpoint"] = "https://vendor.example",
        };
        foreach (var (key, value) in extra)
        {
            keys[$"TaskGateway:Sources:{alias}:{key}"] = value;
        }

        return keys;
    }

    [Fact]
    public void Bind_TodaysKeysOnAHuaweiKind_ReadRegionInstanceIdAndDerivedService()
    {
        var options = Bind(Source("exp", "IotdaExportTask", ("Region", "cn-north-4"), ("InstanceId", "inst-1"), ("Auth:DerivedService", "iotda")));

        var settings = HuaweiSettings.Of(options.Sources["exp"]);

        Assert.Equal("cn-north-4", settings.Region);
        Assert.Equal("inst-1", settings.InstanceId);
        Assert.Equal("iotda", settings.Auth.DerivedService);
        Assert.Equal(["cn-north-4", "inst-1", "iotda"], options.Sources["exp"].Settings!.IdentityParts);
    }

    [Fact]
    public void Bind_KindWithoutOwnSettings_LeavesSettingsNull()
    {
        var options = Bind(Source("astra", "AstraTask", ("Region", "cn-north-4")));

        Assert.Null(options.Sources["astra"].Settings);
    }

    [Fact]
    public void Validate_DerivedSigningWithRegionFromTodaysKey_Succeeds()
    {
        var options = Bind(Source("iot", "IotdaInstanceTask", ("Region", "cn-north-4"), ("Auth:Scheme", "AkSkDerived"), ("Auth:AccessKey", "AK"), ("Auth:SecretKey", "SK")));

        var result = new GatewayOptionsValidator(new BackendKinds(BackendCatalog.All)).Validate(null, options);

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_InstanceIdOnAScheduledTaskSource_RefusedNamingTheKey()
    {
        var options = Bind(Source("dms", "DmsScheduledTask", ("InstanceId", "inst-1"), ("Auth:Scheme", "Token"), ("Auth:Token", "t")));

        var result = new GatewayOptionsValidator(new BackendKinds(BackendCatalog.All)).Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("TaskGateway:Sources:dms:InstanceId: only IotdaExportTask sources", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListTasksAsync_ExportSourceWithInstanceId_SendsTheInstanceIdHeader()
    {
        var options = Bind(Source("exp", "IotdaExportTask", ("InstanceId", "inst-1")));
        var recorder = new Recorder();
        var client = new IotdaExportTaskClient(new SourceConnection("exp", options.Sources["exp"], new Handlers(recorder), TimeProvider.System, HuaweiErrorBody.Instance));
        var parent = new ResourceName("exp", ["projects", "p1"], isParent: true);

        await client.ListTasksAsync(parent, new ListQuery(10, PageCursor.Start, TaskFilter.All), UpstreamCall.Request, CancellationToken.None);

        Assert.Equal(["inst-1"], Assert.Single(recorder.Requests).Headers.GetValues("Instance-Id"));
    }

    [Fact]
    public async Task CreateHandler_DerivedWithTodaysKeys_SignsForTheConfiguredRegionAndService()
    {
        var options = Bind(Source("iot", "IotdaInstanceTask", ("Region", "cn-north-4"), ("Auth:Scheme", "AkSkDerived"), ("Auth:AccessKey", "AK"), ("Auth:SecretKey", "SK")));
        var time = new FakeTimeProvider(new DateTimeOffset(2006, 1, 2, 15, 4, 5, TimeSpan.Zero));
        var recorder = new Recorder();
        var handler = HuaweiAuth.AkSkDerived("iotdm").CreateHandler(options.Sources["iot"], time);
        handler.InnerHandler = recorder;
        using var invoker = new HttpMessageInvoker(handler);
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://vendor.example/v5/iot/p/x");

        (await invoker.SendAsync(request, CancellationToken.None)).Dispose();

        Assert.StartsWith("V11-HMAC-SHA256 Credential=AK/20060102/cn-north-4/iotdm, ", request.Headers.GetValues("Authorization").Single());
    }

    private sealed class Handlers(HttpMessageHandler handler) : IHttpMessageHandlerFactory
    {
        public HttpMessageHandler CreateHandler(string name) => handler;
    }

    private sealed class Recorder : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{\"export_tasks\":[],\"page\":{\"count\":0}}") });
        }
    }
}
