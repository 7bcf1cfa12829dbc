namespace TaskGateway.FunctionalTests;

/// <summary>One gateway and sandbox shared by the tests of the "gateway" collection, which run one after another.</summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public GatewayInstance Gateway { get; private set; } = null!;

    public async Task InitializeAsync() => Gateway = await GatewayInstance.StartWithSourcesAsync();

    public async Task DisposeAsync() => await Gateway.DisposeAsync();
}

[CollectionDefinition("gateway")]
public sealed class GatewayTestGroup : ICollectionFixture<GatewayFixture>;
