using Microsoft.Extensions.Options;

namespace TaskGateway.Hosting;

/// <summary>
/// The options factory of the host's own sections: a failed validation, or a value that does not convert, becomes a
/// <see cref="GatewayConfigurationException"/> naming the key, which start-up reports with every other problem.
/// </summary>
internal sealed class ReportingOptionsFactory<T>(
    IEnumerable<IConfigureOptions<T>> setups,
    IEnumerable<IPostConfigureOptions<T>> postConfigures,
    IEnumerable<IValidateOptions<T>> validations) : IOptionsFactory<T>
    where T : class
{
    private readonly OptionsFactory<T> _factory = new(setups, postConfigures, validations);

    public T Create(string name)
    {
        try
        {
            return _factory.Create(name);
        }
        catch (OptionsValidationException e) when (e is not GatewayConfigurationException)
        {
            throw new GatewayConfigurationException(e.OptionsName, e.OptionsType, e.Failures);
        }
        catch (InvalidOperationException e) when (e.InnerException is not null)
        {
            // The configuration binder's "Failed to convert configuration value at '<key>' ...".
            throw new GatewayConfigurationException(name, typeof(T), [e.Message]);
        }
    }
}
