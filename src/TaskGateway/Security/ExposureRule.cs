using System.Net;
using Microsoft.Extensions.Options;
using TaskGateway.Hosting;

namespace TaskGateway.Security;

/// <summary>
/// Refuses, before anything listens, a TaskGateway:Hosting:Address beyond loopback with nobody checking who calls
/// (ExposureCheck catches the listeners configured elsewhere once bound). Reads the callers as bound: their own
/// problems are CallerOptionsValidator's to report.
/// </summary>
internal sealed class ExposureRule(BoundOptions<CallerOptions> callers) : IValidateOptions<HostingOptions>
{
    public ValidateOptionsResult Validate(string? name, HostingOptions options)
    {
        if (!IPAddress.TryParse(options.Address, out var address) || IPAddress.IsLoopback(address))
        {
            return ValidateOptionsResult.Success;
        }

        var bound = callers.Value;
        return bound.AuthenticationEnabled || bound.AllowUnauthenticatedRemote
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"TaskGateway:Hosting:Address is {address}, beyond loopback, but no caller authentication is configured. " +
                "Configure TaskGateway:Callers:ApiKeys or TaskGateway:Callers:Jwt, or (only on a network you trust) set " +
                "TaskGateway:Callers:AllowUnauthenticatedRemote=true.");
    }
}
