using System.Net;
using Microsoft.Extensions.Options;

namespace TaskGateway.Hosting;

/// <summary>Checks TaskGateway:Hosting at start, reporting every problem at once.</summary>
internal sealed class HostingOptionsValidator : IValidateOptions<HostingOptions>
{
    private const string Key = HostingOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, HostingOptions options)
    {
        var errors = new List<string>();
        if (!IPAddress.TryParse(options.Address, out _))
        {
            errors.Add($"{Key}:Address: '{options.Address}' is not an IP address.");
        }

        // 0 asks the system for a free port (the tests' way to run many gateways at once).
        if (options.GrpcPort is < 0 or > IPEndPoint.MaxPort)
        {
            errors.Add($"{Key}:GrpcPort: must be from 0 to {IPEndPoint.MaxPort}.");
        }

        if (options.RestPort is < 0 or > IPEndPoint.MaxPort)
        {
            errors.Add($"{Key}:RestPort: must be from 0 to {IPEndPoint.MaxPort}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
