using System.Text.RegularExpressions;
using YamlDotNet.Serialization;

namespace TaskGateway.Tests.Hosting;

/// <summary>
/// The container and the Kubernetes manifest probe without caller credentials (the HEALTHCHECK's CLI sends none,
/// kubelet's probes cannot), and health is closed by default while caller authentication is on: both must open it.
/// </summary>
public class ProbeAccessTests
{
    [Fact]
    public void Dockerfile_KeylessHealthcheck_OpensHealthOnly()
    {
        var dockerfile = File.ReadAllText(RepositoryFiles.PathOf("Dockerfile"));
        var env = Regex.Match(dockerfile, @"^ENV (?<body>(?:.*\\\r?\n)*.*)$", RegexOptions.Multiline).Groups["body"].Value;

        Assert.Contains("CMD [\"dotnet\", \"/app/cli/taskgateway-cli.dll\", \"health\"", dockerfile, StringComparison.Ordinal);
        Assert.Contains("TaskGateway__Callers__Anonymous__Health=true", env, StringComparison.Ordinal);
        Assert.DoesNotContain("Anonymous__Reflection", dockerfile, StringComparison.Ordinal);
        Assert.DoesNotContain("Anonymous__Metrics", dockerfile, StringComparison.Ordinal);
        Assert.DoesNotContain("Anonymous__OpenApi", dockerfile, StringComparison.Ordinal);
    }

    [Fact]
    public void Deployment_KeylessProbes_OpenHealthOnly()
    {
        var deployment = new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(File.ReadAllText(RepositoryFiles.PathOf("deploy", "kubernetes", "deployment.yaml")));
        var spec = (Dictionary<object, object>)((Dictionary<object, object>)((Dictionary<object, object>)deployment["spec"])["template"])["spec"];
        var container = (Dictionary<object, object>)((List<object>)spec["containers"])[0];
        var env = ((List<object>)container["env"]).Cast<Dictionary<object, object>>().ToDictionary(e => (string)e["name"], e => (string)e["value"]);

        Assert.True(container.ContainsKey("readinessProbe") && container.ContainsKey("livenessProbe"));
        Assert.Equal("true", env["TaskGateway__Callers__Anonymous__Health"]);
        Assert.DoesNotContain(env.Keys, k => k.StartsWith("TaskGateway__Callers__Anonymous__", StringComparison.Ordinal) && !k.EndsWith("Health", StringComparison.Ordinal));
    }
}
