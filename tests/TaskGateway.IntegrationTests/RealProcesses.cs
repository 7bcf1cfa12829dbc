namespace TaskGateway.IntegrationTests;

/// <summary>
/// The integration tests run one class at a time: each starts a sandbox, replicas and a redis-server on a machine with
/// few cores, counts polls per interval or relies on the sandbox's live tasks, which run for a minute after it starts.
/// </summary>
[CollectionDefinition(Name)]
public sealed class RealProcesses
{
    public const string Name = "Real processes";
}
