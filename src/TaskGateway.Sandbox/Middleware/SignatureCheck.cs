namespace TaskGateway.Sandbox.Middleware;

/// <summary>The outcome of checking an AK/SK signature; each refusal has its own API gateway answer.</summary>
internal enum SignatureCheck
{
    /// <summary>The signature matches and covers every header it must.</summary>
    Valid,

    /// <summary>The Authorization value or X-Sdk-Date cannot be read.</summary>
    Malformed,

    /// <summary>SignedHeaders leaves out host, x-sdk-date, or a sent x-security-token.</summary>
    RequiredHeaderNotSigned,

    /// <summary>The access key is not one the sandbox knows.</summary>
    UnknownKey,

    /// <summary>The signature (or the derived credential scope) does not match.</summary>
    BadSignature,
}
