using System.Net;
using Microsoft.Extensions.Configuration;
using TaskGateway.Core.Sources;
using TaskGateway.Hosting;
using TaskGateway.Probes;
using TaskGateway.Security;
using YamlDotNet.Serialization;

namespace TaskGateway.Tests.Deployment;

/// <summary>deploy/kubernetes read as Kubernetes would, matched against the app's own constants and validators.</summary>
public class DeploymentManifestTests
{
    private static readonly string Directory = RepositoryFiles.PathOf("deploy", "kubernetes");

    private static Dictionary<object, object> Load(string file) =>
        new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(File.ReadAllText(Path.Combine(Directory, file)));

    // A file of several documents, separated by lines of ---.
    private static List<Dictionary<object, object>> LoadAll(string file) =>
        [.. System.Text.RegularExpressions.Regex.Split(File.ReadAllText(Path.Combine(Directory, file)), @"^---\s*$", System.Text.RegularExpressions.RegexOptions.Multiline)
            .Select(text => new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(text))];

    private static Dictionary<object, object> Map(object node, params string[] path)
    {
        foreach (var key in path)
        {
            node = ((Dictionary<object, object>)node)[key];
        }

        return (Dictionary<object, object>)node;
    }

    private static List<object> List(object node, params string[] path)
    {
        var parent = Map(node, path[..^1]);
        return (List<object>)parent[path[^1]];
    }

    private static Dictionary<object, object> Container() =>
        (Dictionary<object, object>)List(Load("deployment.yaml"), "spec", "template", "spec", "containers")[0];

    private static Dictionary<string, string> Env() =>
        List(Container(), "env").Cast<Dictionary<object, object>>().ToDictionary(e => (string)e["name"], e => (string)e["value"]);

    private static int Port(Dictionary<object, object> container, string name) =>
        int.Parse((string)List(container, "ports").Cast<Dictionary<object, object>>().Single(p => (string)p["name"] == name)["containerPort"], System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Deployment_Ports_MatchTheGatewaysConfiguredPorts()
    {
        var hosting = new HostingOptions();
        var env = Env();
        Assert.Equal(hosting.GrpcPort, Port(Container(), "grpc"));
        Assert.Equal(hosting.RestPort, Port(Container(), "http"));
        Assert.Equal(hosting.GrpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture), env["TaskGateway__Hosting__GrpcPort"]);
        Assert.Equal(hosting.RestPort.ToString(System.Globalization.CultureInfo.InvariantCulture), env["TaskGateway__Hosting__RestPort"]);
    }

    [Fact]
    public void Deployment_Probes_UseTheGatewaysHealthEndpoints()
    {
        var container = Container();
        var hosting = new HostingOptions();
        foreach (var probe in new[] { "startupProbe", "livenessProbe" })
        {
            var grpc = Map(container, probe, "grpc");
            Assert.Equal(hosting.GrpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture), (string)grpc["port"]);
            Assert.Equal(HealthExtensions.LivenessService, (string)grpc["service"]);
        }

        var ready = Map(container, "readinessProbe", "httpGet");
        Assert.Equal(HealthExtensions.ReadyPath, (string)ready["path"]);
        Assert.Equal(hosting.RestPort.ToString(System.Globalization.CultureInfo.InvariantCulture), (string)ready["port"]);
    }

    [Fact]
    public void Service_Ports_TargetTheContainersNamedPorts()
    {
        var hosting = new HostingOptions();
        var ports = List(Load("service.yaml"), "spec", "ports").Cast<Dictionary<object, object>>().ToDictionary(p => (string)p["name"]);
        Assert.Equal("grpc", (string)ports["grpc"]["targetPort"]);
        Assert.Equal("http", (string)ports["http"]["targetPort"]);
        Assert.Equal(hosting.GrpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture), (string)ports["grpc"]["port"]);
        Assert.Equal("kubernetes.io/h2c", (string)ports["grpc"]["appProtocol"]);
        Assert.Equal(TelemetryExtensions.MetricsPath, (string)Map(Load("service.yaml"), "metadata", "annotations")["prometheus.io/path"]);
    }

    [Fact]
    public void Deployment_SecretVolume_MountedWhereTheGatewayReadsSecretFiles()
    {
        var container = Container();
        var mount = List(container, "volumeMounts").Cast<Dictionary<object, object>>().Single(m => (string)m["name"] == "secrets");
        var volume = List(Load("deployment.yaml"), "spec", "template", "spec", "volumes").Cast<Dictionary<object, object>>().Single(v => (string)v["name"] == "secrets");
        Assert.Equal(SecurityExtensions.DefaultSecretsDirectory, (string)mount["mountPath"]);
        Assert.Equal(SecurityExtensions.DefaultSecretsDirectory, Env()["TaskGateway__SecretsDirectory"]);
        Assert.Equal((string)Map(Load("secret.example.yaml"), "metadata")["name"], (string)Map(volume, "secret")["secretName"]);
        Assert.Equal("true", (string)Map(Load("deployment.yaml"), "spec", "template", "spec", "securityContext")["runAsNonRoot"]);
    }

    [Fact]
    public void Manifests_Configuration_StartsBeyondLoopbackAndValidates()
    {
        // The configuration the pod gets: its environment plus one key per Secret entry (placeholders replaced by
        // well-formed values). It must pass the gateway's own start-up checks.
        var settings = Env().ToDictionary(e => e.Key.Replace("__", ":", StringComparison.Ordinal), e => (string?)e.Value);
        foreach (var key in Map(Load("secret.example.yaml"), "stringData").Keys.Cast<string>())
        {
            settings[key.Replace("__", ":", StringComparison.Ordinal)] = key switch
            {
                _ when key.EndsWith("PageTokenKey", StringComparison.Ordinal) => Convert.ToBase64String(new byte[32]),
                _ when key.EndsWith("Redis__Configuration", StringComparison.Ordinal) => (string)Map(Load("secret.example.yaml"), "stringData")[key],
                _ => "well-formed-secret-value-0123456789",
            };
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var address = IPAddress.Parse(configuration["TaskGateway:Hosting:Address"]!);
        Assert.False(IPAddress.IsLoopback(address));
        var gateway = configuration.GetSection(GatewayOptions.SectionName).Get<GatewayOptions>()!;
        var hostingOptions = configuration.GetSection(HostingOptions.SectionName).Get<HostingOptions>()!;
        var callerOptions = configuration.GetSection(CallerOptions.SectionName).Get<CallerOptions>()!;
        Assert.True(new HostingOptionsValidator().Validate(null, hostingOptions).Succeeded);
        Assert.True(new ExposureRule(BoundOptions<CallerOptions>.Of(callerOptions)).Validate(null, hostingOptions).Succeeded);
        var sources = new GatewayOptionsValidator(new BackendKinds(TaskGateway.Backends.BackendCatalog.All)).Validate(null, gateway);
        Assert.True(sources.Succeeded, sources.FailureMessage);
        var callers = new CallerOptionsValidator().Validate(null, configuration.GetSection(CallerOptions.SectionName).Get<CallerOptions>()!);
        Assert.True(callers.Succeeded, callers.FailureMessage);
        var redis = configuration.GetSection(TaskGateway.ScaleOut.RedisOptions.SectionName).Get<TaskGateway.ScaleOut.RedisOptions>()!;
        Assert.True(redis.Enabled);
        Assert.True(new TaskGateway.ScaleOut.RedisOptionsValidator(BoundOptions<GatewayOptions>.Of(gateway)).Validate(null, redis).Succeeded);
    }

    [Fact]
    public void RedisExample_ServiceAndPassword_MatchTheGatewaysConfigurationString()
    {
        var documents = LoadAll("redis.example.yaml");
        var service = documents.Single(d => (string)d["kind"] == "Service");
        var secret = documents.Single(d => (string)d["kind"] == "Secret");
        var configuration = StackExchange.Redis.ConfigurationOptions.Parse((string)Map(Load("secret.example.yaml"), "stringData")["TaskGateway__Redis__Configuration"]);
        var endpoint = (System.Net.DnsEndPoint)configuration.EndPoints.Single();

        Assert.Equal((string)Map(service, "metadata")["name"], endpoint.Host);
        Assert.Equal(int.Parse((string)((Dictionary<object, object>)List(service, "spec", "ports")[0])["port"], System.Globalization.CultureInfo.InvariantCulture), endpoint.Port);
        // The gateway connects over TLS as the ACL user the example Redis defines, with its password.
        Assert.True(configuration.Ssl);
        var acl = ((string)Map(secret, "stringData")["users.acl"]).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains("user default off", acl);
        var user = Assert.Single(acl, l => l.StartsWith($"user {configuration.User} ", StringComparison.Ordinal)).Split(' ');
        Assert.Contains(">" + configuration.Password, user);
        Assert.Contains("resetkeys", user);
        Assert.Contains("resetchannels", user);
        Assert.Contains("~taskgateway:*", user);
        Assert.Contains("&taskgateway:*", user);
        Assert.DoesNotContain(user, p => p is "~*" or "&*" or "allkeys" or "allchannels" or "+@all");
    }

    [Fact]
    public void RedisExample_Server_TlsOnlyWithTheAclFile()
    {
        var deployment = LoadAll("redis.example.yaml").Single(d => (string)d["kind"] == "Deployment");
        var container = (Dictionary<object, object>)List(deployment, "spec", "template", "spec", "containers")[0];
        var args = ((List<object>)container["args"]).Cast<string>().ToList();

        Assert.Equal("0", args[args.IndexOf("--port") + 1]);
        Assert.Equal("6379", args[args.IndexOf("--tls-port") + 1]);
        Assert.Equal("/etc/redis/users.acl", args[args.IndexOf("--aclfile") + 1]);
        Assert.DoesNotContain("--requirepass", args);
    }
}
