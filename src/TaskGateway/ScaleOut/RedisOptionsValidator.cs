using Microsoft.Extensions.Options;
using StackExchange.Redis;
using TaskGateway.Core.Sources;
using TaskGateway.Hosting;

namespace TaskGateway.ScaleOut;

/// <summary>Checks TaskGateway:Redis at start-up, reporting every problem at once and never echoing the configuration string (it may hold a password).</summary>
internal sealed class RedisOptionsValidator(BoundOptions<GatewayOptions> gateway) : IValidateOptions<RedisOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisOptions options)
    {
        var errors = new List<string>();
        if (options.Enabled)
        {
            // The gateway's options as bound, not IOptions<GatewayOptions>: reading those would throw their own
            // validation errors here, and hide this validator's. GatewayOptionsValidator checks the key's form.
            if (string.IsNullOrWhiteSpace(gateway.Value.PageTokenKey))
            {
                errors.Add($"TaskGateway:PageTokenKey: required when {RedisOptions.SectionName}:Configuration is set: every replica signs what it shares through Redis with a key derived from it, and drops what is not signed with it. Give every replica of the deployment the same value (base64 of 32 random bytes, e.g. 'openssl rand -base64 32').");
            }

            try
            {
                ConfigurationOptions.Parse(options.Configuration!);
            }
            catch (ArgumentException)
            {
                errors.Add($"{RedisOptions.SectionName}:Configuration: not a StackExchange.Redis configuration string (the value is not shown), e.g. redis:6379,password=...,ssl=true.");
            }
        }

        if (options.LeaseTtl < TimeSpan.FromSeconds(1) || options.LeaseTtl > TimeSpan.FromMinutes(5))
        {
            errors.Add($"{RedisOptions.SectionName}:LeaseTtl: must be from 00:00:01 to 00:05:00.");
        }

        if (string.IsNullOrWhiteSpace(options.KeyPrefix) || options.KeyPrefix.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            errors.Add($"{RedisOptions.SectionName}:KeyPrefix: must be a non-empty word without spaces.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
