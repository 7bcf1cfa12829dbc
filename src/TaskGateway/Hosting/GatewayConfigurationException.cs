namespace TaskGateway.Hosting;

/// <summary>The configuration cannot work (an address that is not one, a risky exposure); the message says what to change.</summary>
public sealed class GatewayConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GatewayConfigurationException(string message)
        : base(message)
    {
    }
}
