using TaskGateway.Core.Auth;

namespace TaskGateway.Tests.Auth;

public class CredentialScopeTests
{
    [Fact]
    public void PipelineKey_ManyRandomTokens_NeverMoreKeysThanBucketsPlusTheGateways()
    {
        // A caller sending a new token with every call must not make the gateway build (and keep) a pipeline per token.
        var keys = new HashSet<string>(StringComparer.Ordinal) { CredentialScope.PipelineKey(null, 8) };
        for (var i = 0; i < 10_000; i++)
        {
            keys.Add(CredentialScope.PipelineKey(CredentialScope.Of(Guid.NewGuid().ToString("N")), 8));
        }

        Assert.Equal(9, keys.Count);
        Assert.Contains(CredentialScope.GatewayPipeline, keys);
    }

    [Fact]
    public void PipelineKey_SameToken_SameBucketAndNeverTheGateways()
    {
        var scope = CredentialScope.Of("tenant-token");

        Assert.Equal(CredentialScope.PipelineKey(scope, 32), CredentialScope.PipelineKey(CredentialScope.Of("tenant-token"), 32));
        Assert.StartsWith(CredentialScope.CallerPipelinePrefix, CredentialScope.PipelineKey(scope, 32), StringComparison.Ordinal);
        Assert.DoesNotContain("tenant-token", scope, StringComparison.Ordinal);
    }
}
