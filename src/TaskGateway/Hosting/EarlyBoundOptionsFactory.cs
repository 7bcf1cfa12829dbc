using Microsoft.Extensions.Options;

namespace TaskGateway.Hosting;

/// <summary>
/// Returns the instance bound before the container existed (OptionsRegistration.BindEarly), once its validators
/// pass: the decisions already taken from it and every later reader see the same values.
/// </summary>
internal sealed class EarlyBoundOptionsFactory<T>(T options, string? conversionFailure, IEnumerable<IValidateOptions<T>> validators) : IOptionsFactory<T>
    where T : class
{
    public T Create(string name)
    {
        var failures = new List<string>();
        if (conversionFailure is not null)
        {
            failures.Add(conversionFailure);
        }

        foreach (var validator in validators)
        {
            if (validator.Validate(name, options) is { Failed: true } result)
            {
                failures.AddRange(result.Failures);
            }
        }

        return failures.Count == 0 ? options : throw new GatewayConfigurationException(name, typeof(T), failures);
    }
}
