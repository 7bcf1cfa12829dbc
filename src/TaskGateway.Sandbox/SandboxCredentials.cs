namespace TaskGateway.Sandbox;

/// <summary>
/// The sandbox's demo credentials. They open nothing but the sandbox; the gateway is wired to them when it
/// runs with no sources configured.
/// </summary>
public static class SandboxCredentials
{
    /// <summary>The IAM token the sandbox accepts in X-Auth-Token.</summary>
    public const string HuaweiToken = "sandbox-iam-token";

    /// <summary>The access key the sandbox accepts in AK/SK signatures.</summary>
    public const string AccessKey = "SANDBOXACCESSKEY0001";

    /// <summary>The secret key of that access key.</summary>
    public const string SecretKey = "sandbox-secret-key-for-signing-only";

    /// <summary>
    /// A temporary access key (from IAM's security-token API): it signs like a permanent one, and each request must
    /// also carry <see cref="SecurityToken"/> in X-Security-Token, among the signed headers.
    /// </summary>
    public const string TemporaryAccessKey = "SANDBOXTEMPORARYAK01";

    /// <summary>The secret key of the temporary access key.</summary>
    public const string TemporarySecretKey = "sandbox-temporary-secret-key-for-signing-only";

    /// <summary>The security token that goes with the temporary access key.</summary>
    public const string SecurityToken = "sandbox-security-token";

    /// <summary>The region used in derived (V11) signatures.</summary>
    public const string Region = "sandbox-region-1";

    /// <summary>The Astra API token the sandbox accepts as a Bearer token.</summary>
    public const string AstraToken = "sandbox-astra-token";

    /// <summary>
    /// A second Astra API token, of a user who may not see the sandbox's account: it authenticates, and every
    /// request for that account answers 403. Tests use it to prove callers' tokens are never mixed up.
    /// </summary>
    public const string AstraOtherUserToken = "sandbox-astra-token-other-user";
}
