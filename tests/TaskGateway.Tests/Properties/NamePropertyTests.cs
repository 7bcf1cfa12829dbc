using System.Net;
using FsCheck;
using FsCheck.Fluent;
using TaskGateway.Backends;
using TaskGateway.Contracts.V1;
using TaskGateway.Core.Errors;
using TaskGateway.Core.Names;
using TaskGateway.Core.Sources;

namespace TaskGateway.Tests.Properties;

/// <summary>
/// Ten thousand generated names per property: each is refused, or it is a name whose every upstream request
/// goes to the configured host with exactly the ids the name holds.
/// </summary>
public class NamePropertyTests
{
    private const string Host = "backend.example.com";

    private sealed class Recorder : HttpMessageHandler
    {
        public List<Uri> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request.RequestUri!);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("{\"error_code\":\"X\",\"error_msg\":\"no\"}") });
        }
    }

    private sealed class Factory(HttpMessageHandler handler) : IHttpMessageHandlerFactory
    {
        public HttpMessageHandler CreateHandler(string name) => handler;
    }

    private static (SourceRegistry Registry, Recorder Recorder) Registry()
    {
        var recorder = new Recorder();
        var factory = new Factory(recorder);
        var sources = new (string Alias, string Kind)[] { ("iotda", "IotdaInstanceTask"), ("dms", "DmsScheduledTask"), ("exports", "IotdaExportTask"), ("astra", "AstraTask"), ("clouddc", "CloudDcInstanceStatus") };
        return (new SourceRegistry(sources.Select(s =>
        {
            var options = new SourceOptions { Kind = s.Kind, Endpoint = $"https://{Host}", MaxScanPages = 1 };
            var kind = new BackendKinds(TaskGateway.Backends.BackendCatalog.All)[s.Kind];
            return (s.Alias, kind.Create(new SourceConnection(s.Alias, options, factory, TimeProvider.System, kind.ErrorBody)), options);
        })), recorder);
    }

    [Fact]
    public void TryParseTask_GeneratedNames_RefusedOrCanonical() =>
        Prop.ForAll(HostileInput.Names, name =>
        {
            if (!ResourceNameParser.TryParseTask(name, out var parsed, out var error))
            {
                return error.Length > 0;
            }

            var segments = name.Split('/');
            return parsed.Format() == name
                && segments.All(s => s.Length is > 0 and <= ResourceNameParser.MaxIdLength && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'));
        }).Check(HostileInput.Config);

    [Fact]
    public void GetTask_GeneratedNames_UpstreamOnlyForValidNamesAndOnlyToConfiguredHost()
    {
        var (registry, recorder) = Registry();
        var upstreamCalls = 0;
        Prop.ForAll(HostileInput.Names, name =>
        {
            recorder.Requests.Clear();
            ITaskBackend backend;
            try
            {
                if (!ResourceNameParser.TryParseTask(name, out var parsed, out _))
                {
                    return true;
                }

                backend = registry.Resolve(parsed, "name");
                try
                {
                    backend.GetTaskAsync(parsed, TaskGateway.Core.Resilience.UpstreamCall.Request, CancellationToken.None).GetAwaiter().GetResult();
                }
                catch (UpstreamException)
                {
                    // The recorder answers 404: expected.
                }
                catch (GatewayException)
                {
                    // A list-only backend found nothing: expected.
                }

                upstreamCalls += recorder.Requests.Count;
                return recorder.Requests.Count > 0 && recorder.Requests.All(uri =>
                    uri.Host == Host && uri.Scheme == "https" && uri.AbsolutePath.Split('/').All(p => p.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')));
            }
            catch (RequestValidationException)
            {
                return recorder.Requests.Count == 0;
            }
            catch (GatewayException)
            {
                // Unknown source alias: refused before any request.
                return recorder.Requests.Count == 0;
            }
        }).Check(HostileInput.Config);

        // The generator is built to produce valid names too, so the upstream side was exercised.
        Assert.True(upstreamCalls > 100, $"only {upstreamCalls} upstream calls");
    }

    [Fact]
    public void TryParseParent_GeneratedNames_RefusedOrCanonical() =>
        Prop.ForAll(HostileInput.Names, name =>
            !ResourceNameParser.TryParseParent(name, out var parsed, out _) || parsed.Format() == name).Check(HostileInput.Config);
}
