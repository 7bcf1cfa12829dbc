using Microsoft.Extensions.Options;

namespace TaskGateway.Hosting;

/// <summary>
/// The configuration cannot work (an address that is not one, a risky exposure); each failure says what to change.
/// An <see cref="OptionsValidationException"/>, so start-up validation (ValidateOnStart) reports it with every other
/// configuration problem at once.
/// </summary>
public sealed class GatewayConfigurationException : OptionsValidationException
{
    /// <summary>Creates the exception for one problem found outside an options type's validation.</summary>
    public GatewayConfigurationException(string message)
        : base(Options.DefaultName, typeof(object), [message])
    {
    }

    /// <summary>Creates the exception for an options type's failures.</summary>
    public GatewayConfigurationException(string optionsName, Type optionsType, IEnumerable<string> failures)
        : base(optionsName, optionsType, failures)
    {
    }
}
