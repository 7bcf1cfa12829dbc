namespace TaskGateway.FunctionalTests;

/// <summary>
/// Tests that must not overlap any other test: process-wide listeners (the OpenTelemetry meter listener) see every
/// gateway in the test process. xunit runs this collection after all others, never beside them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialTestGroup
{
    public const string Name = "serial";
}
