using TaskGateway.Hosting;

namespace TaskGateway.Security;

/// <summary>Registers per-caller grants (TaskGateway:Callers:Grants): options validated at start and the check (the start-up note is in SecurityExtensions.LogExposure).</summary>
internal static class CallerGrantsExtensions
{
    public static WebApplicationBuilder AddTaskGatewayGrants(this WebApplicationBuilder builder)
    {
        builder.Services.AddSectionOptions<CallerGrantsOptions, CallerGrantsValidator>(builder.Configuration, CallerGrantsOptions.SectionName);
        builder.Services.AddSingleton<CallerGrants>();
        return builder;
    }
}
