using Microsoft.Extensions.Options;

namespace TaskGateway.Security;

/// <summary>Registers per-caller grants (TaskGateway:Callers:Grants): options validated at start and the check (the start-up note is in SecurityExtensions.LogExposure).</summary>
internal static class CallerGrantsExtensions
{
    public static WebApplicationBuilder AddTaskGatewayGrants(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<CallerGrantsOptions>().Bind(builder.Configuration.GetSection(CallerGrantsOptions.SectionName)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<CallerGrantsOptions>, CallerGrantsValidator>();
        builder.Services.AddSingleton<CallerGrants>();
        return builder;
    }
}
