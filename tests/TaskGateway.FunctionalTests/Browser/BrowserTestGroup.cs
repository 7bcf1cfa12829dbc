namespace TaskGateway.FunctionalTests.Browser;

/// <summary>Browser tests share one chromium and run one after another (each drives its own gateway).</summary>
[CollectionDefinition(Name)]
public sealed class BrowserTestGroup : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
