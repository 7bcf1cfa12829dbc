using System.Net;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using StatusCode = Grpc.Core.StatusCode;

namespace TaskGateway.FunctionalTests;

/// <summary>
/// Deny by default: every endpoint the running gateway maps and every gRPC method of its services (the task
/// service, health, reflection v1 and v1alpha, the framework's catch-all for unknown methods), called without
/// credentials over the real ports, must be refused while caller authentication is on, except those a
/// TaskGateway:Callers:Anonymous switch opens.
/// </summary>
public class DenyByDefaultTests
{
    private const string Key = "deny-key-0123456789abcdefghijklmnop";

    private static Task<GatewayInstance> StartAsync(bool open) => GatewayInstance.StartWithSourcesAsync(configure: s =>
    {
        s["TaskGateway:Callers:ApiKeys:probe"] = Key;
        if (open)
        {
            s["TaskGateway:Callers:Anonymous:Health"] = "true";
            s["TaskGateway:Callers:Anonymous:Reflection"] = "true";
            s["TaskGateway:Callers:Anonymous:Metrics"] = "true";
            s["TaskGateway:Callers:Anonymous:OpenApi"] = "true";
        }
    });

    /// <summary>One thing to call: a gRPC method (by path and kind) or an HTTP route (by method and path).</summary>
    private sealed record Target(string Description, bool Grpc, MethodType Kind, string HttpMethod, string Path, bool Opened);

    private static bool IsOpenedSurface(string path) =>
        path.StartsWith("/grpc.health.v1.Health/", StringComparison.Ordinal)
        || path.StartsWith("/grpc.reflection.", StringComparison.Ordinal)
        || path is "/healthz/live" or "/healthz/ready" or "/metrics" or "/openapi.json";

    /// <summary>
    /// The console's shell, files and config.json (issue 22): they hold no data (the page calls the API with the
    /// caller's own credential), so they are open to every caller whatever the switches.
    /// </summary>
    private static bool IsConsole(string path) => path is "/" or "/console" || path.StartsWith("/console/", StringComparison.Ordinal);

    /// <summary>Every mapped endpoint, from the running app's endpoint data source, as something to call.</summary>
    private static List<Target> Targets(GatewayInstance gateway)
    {
        var endpoints = gateway.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.NotEmpty(endpoints);
        var targets = new List<Target>();
        foreach (var endpoint in endpoints)
        {
            var pattern = endpoint.RoutePattern;
            var grpc = endpoint.Metadata.GetMetadata<GrpcMethodMetadata>();
            var raw = "/" + pattern.RawText!.TrimStart('/');
            if (grpc is not null && raw == grpc.Method.FullName)
            {
                targets.Add(new Target(endpoint.DisplayName!, true, grpc.Method.Type, "POST", raw, IsOpenedSurface(raw)));
            }
            else if (grpc is null && endpoint.DisplayName?.StartsWith("gRPC - Unimplemented", StringComparison.Ordinal) == true)
            {
                // The gRPC framework's catch-all for unknown services and methods (answers UNIMPLEMENTED to callers it
                // lets in). A service's own catch-all belongs to it: opening health or reflection opens theirs too.
                var path = Fill(pattern, p => p.Contains("Service", StringComparison.OrdinalIgnoreCase) ? "unknown.v1.Nothing" : "Nothing");
                targets.Add(new Target(endpoint.DisplayName!, true, MethodType.Unary, "POST", path, IsOpenedSurface(path)));
            }
            else
            {
                var method = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods is [var first, ..] ? first : "GET";
                var path = Fill(pattern, p => p == "file" ? "app.js" : "x");
                targets.Add(new Target(endpoint.DisplayName ?? raw, false, MethodType.Unary, method, path, IsOpenedSurface(path)));
            }
        }

        return targets;
    }

    /// <summary>A path matching the pattern: literals as they are, parameters given a value.</summary>
    private static string Fill(RoutePattern pattern, Func<string, string> value)
    {
        var segments = pattern.PathSegments.Select(s => string.Concat(s.Parts.Select(p => p switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart parameter => value(parameter.Name),
            _ => string.Empty,
        })));
        return "/" + string.Join('/', segments);
    }

    private static async Task<StatusCode> CallGrpcAsync(GatewayInstance gateway, Target target, Metadata? headers)
    {
        var marshaller = Marshallers.Create<byte[]>(b => b, b => b);
        var slash = target.Path.LastIndexOf('/');
        var method = new Method<byte[], byte[]>(target.Kind, target.Path[1..slash], target.Path[(slash + 1)..], marshaller, marshaller);
        var invoker = gateway.Channel.CreateCallInvoker();
        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var options = new CallOptions(headers, cancellationToken: bounded.Token);
        try
        {
            switch (target.Kind)
            {
                case MethodType.Unary:
                    await invoker.AsyncUnaryCall(method, null, options, []);
                    break;
                case MethodType.ServerStreaming:
                {
                    // A stream that was let in sends its first message (a health watch never ends by itself).
                    using var call = invoker.AsyncServerStreamingCall(method, null, options, []);
                    await call.ResponseStream.MoveNext(bounded.Token);
                    break;
                }

                case MethodType.ClientStreaming:
                {
                    using var call = invoker.AsyncClientStreamingCall(method, null, options);
                    await call.RequestStream.CompleteAsync();
                    await call.ResponseAsync;
                    break;
                }

                default:
                {
                    using var call = invoker.AsyncDuplexStreamingCall(method, null, options);
                    await call.RequestStream.CompleteAsync();
                    while (await call.ResponseStream.MoveNext(bounded.Token))
                    {
                    }

                    break;
                }
            }

            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }

    /// <summary>The HTTP status, followed by the ErrorInfo reason when the gateway sent one (a route's own 404 says SOURCE_NOT_FOUND; routing's says nothing).</summary>
    private static async Task<string> CallHttpAsync(GatewayInstance gateway, Target target, string? key)
    {
        using var request = new HttpRequestMessage(new HttpMethod(target.HttpMethod), target.Path);
        if (key is not null)
        {
            request.Headers.Add("x-api-key", key);
        }

        using var response = await gateway.Rest.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            var body = await response.Content.ReadAsStringAsync();
            return body.Contains("SOURCE_NOT_FOUND", StringComparison.Ordinal) ? status + " SOURCE_NOT_FOUND" : status;
        }

        return status;
    }

    private static IEnumerable<(string Path, MethodType Kind)> DescribedMethods() =>
        new[]
        {
            Contracts.V1.TaskService.Descriptor,
            Grpc.Health.V1.Health.Descriptor,
            Grpc.Reflection.V1.ServerReflection.Descriptor,
            Grpc.Reflection.V1Alpha.ServerReflection.Descriptor,
        }.SelectMany(service => service.Methods.Select(m => ($"/{service.FullName}/{m.Name}", (m.IsClientStreaming, m.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (false, true) => MethodType.ServerStreaming,
            (true, false) => MethodType.ClientStreaming,
            _ => MethodType.DuplexStreaming,
        })));

    /// <summary>Calls every target, with the key or without; answers "{target}: {gRPC status or HTTP status}".</summary>
    private static async Task<List<(Target Target, string Outcome)>> CallAllAsync(GatewayInstance gateway, List<Target> targets, string? key)
    {
        var outcomes = new List<(Target, string)>();
        foreach (var target in targets)
        {
            var outcome = target.Grpc
                ? (await CallGrpcAsync(gateway, target, key is null ? null : new Metadata { { "x-api-key", key } })).ToString()
                : await CallHttpAsync(gateway, target, key);
            outcomes.Add((target, outcome));
        }

        return outcomes;
    }

    private static bool Refused(string outcome) => outcome is "Unauthenticated" or "401";

    private static List<Target> AllTargets(GatewayInstance gateway)
    {
        var targets = Targets(gateway);

        // Every method of every service the gateway serves is among the endpoints, so among the calls below, and so
        // are the catch-all for unknown methods, the HTTP probes, the metrics and the OpenAPI document.
        foreach (var (path, kind) in DescribedMethods())
        {
            Assert.Contains(targets, t => t.Grpc && t.Path == path && t.Kind == kind);
        }

        Assert.Contains(targets, t => t.Grpc && t.Path.StartsWith("/unknown.v1.Nothing/", StringComparison.Ordinal));
        Assert.Contains(targets, t => !t.Grpc && t.Path.StartsWith("/v1/sources/", StringComparison.Ordinal));
        foreach (var expected in new[] { "/healthz/live", "/healthz/ready", "/metrics", "/openapi.json", "/v1/subscriptions" })
        {
            Assert.Contains(targets, t => !t.Grpc && t.Path == expected);
        }

        return targets;
    }

    [Fact]
    public async Task EveryEndpointAndMethod_NoCredentials_RefusedUnauthenticated()
    {
        await using var gateway = await StartAsync(open: false);
        var targets = AllTargets(gateway);

        var anonymous = await CallAllAsync(gateway, targets, key: null);
        var keyed = await CallAllAsync(gateway, targets, Key);

        Assert.Equal(targets.Count, anonymous.Count);
        Assert.Equal(targets.Count, keyed.Count);
        Assert.All(anonymous, a => Assert.True(IsConsole(a.Target.Path) ? a.Outcome == "200" : Refused(a.Outcome), $"{a.Target}: {a.Outcome}"));

        // The same calls with a key reach their endpoints (so the refusals above were the endpoints' own): gRPC methods
        // answer anything but UNIMPLEMENTED, the catch-all UNIMPLEMENTED, HTTP routes anything but routing's bare 404
        // (the task routes, given source "x", answer the gateway's own 404 SOURCE_NOT_FOUND).
        Assert.All(keyed, k => Assert.True(
            k.Target.Grpc ? (k.Target.Description.Contains("Unimplemented", StringComparison.Ordinal) ? k.Outcome == "Unimplemented" : k.Outcome is not ("Unimplemented" or "Unauthenticated"))
                : k.Outcome is not ("404" or "401"),
            $"{k.Target}: {k.Outcome}"));
    }

    [Fact]
    public async Task EveryEndpointAndMethod_AnonymousSwitchesOn_OnlyOpenedSurfacesServed()
    {
        await using var gateway = await StartAsync(open: true);
        var targets = AllTargets(gateway);

        var anonymous = await CallAllAsync(gateway, targets, key: null);

        Assert.Contains(anonymous, a => a.Target.Opened);
        Assert.All(anonymous, a => Assert.True(
            IsConsole(a.Target.Path) ? a.Outcome == "200"
            : !a.Target.Opened ? Refused(a.Outcome)
            : a.Target.Description.Contains("Unimplemented", StringComparison.Ordinal) ? a.Outcome == "Unimplemented"
            : a.Outcome is "OK" or "200",
            $"{a.Target}: {a.Outcome}"));
    }

    [Fact]
    public async Task Reflection_NoCredentialsWhileAuthenticationOn_Unauthenticated()
    {
        await using var gateway = await StartAsync(open: false);

        var call = new Grpc.Reflection.V1.ServerReflection.ServerReflectionClient(gateway.Channel).ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new Grpc.Reflection.V1.ServerReflectionRequest { ListServices = string.Empty });
        await call.RequestStream.CompleteAsync();
        var e = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
        Assert.Equal("UNAUTHENTICATED", e.GetRpcStatus()!.GetDetail<Google.Rpc.ErrorInfo>().Reason);
    }

    [Fact]
    public async Task Reflection_WithKey_ListsServices()
    {
        await using var gateway = await StartAsync(open: false);

        var call = new Grpc.Reflection.V1.ServerReflection.ServerReflectionClient(gateway.Channel).ServerReflectionInfo(new Metadata { { "x-api-key", Key } });
        await call.RequestStream.WriteAsync(new Grpc.Reflection.V1.ServerReflectionRequest { ListServices = string.Empty });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Contains(call.ResponseStream.Current.ListServicesResponse.Service, s => s.Name == "taskgateway.v1.TaskService");
    }
}
