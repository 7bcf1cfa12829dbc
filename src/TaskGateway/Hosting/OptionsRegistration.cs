using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TaskGateway.Core.Sources;

namespace TaskGateway.Hosting;

/// <summary>
/// The one place the host reads configuration sections (issue 20: options one way). Every other piece of the host
/// reads its settings through <see cref="IOptions{TOptions}"/>: bound once, checked by its validator and, at start,
/// with every other section (ValidateOnStart), so an operator sees every problem in one report.
/// </summary>
internal static class OptionsRegistration
{
    /// <summary>
    /// Binds <typeparamref name="T"/> from its section when first read, checks it with <typeparamref name="TValidator"/>
    /// at start, and reports failures (a value that does not convert included) as a <see cref="GatewayConfigurationException"/>.
    /// </summary>
    public static OptionsBuilder<T> AddGatewayOptions<T, TValidator>(this IServiceCollection services, IConfiguration configuration, string sectionName)
        where T : class
        where TValidator : class, IValidateOptions<T>
    {
        services.AddTransient<IOptionsFactory<T>, ReportingOptionsFactory<T>>();
        return services.AddSectionOptions<T, TValidator>(configuration, sectionName);
    }

    /// <summary>
    /// Binds <typeparamref name="T"/> from its section when first read and checks it with <typeparamref name="TValidator"/>
    /// at start; failures are the plain <see cref="OptionsValidationException"/> (sections whose problems were always
    /// reported that way, like the callers').
    /// </summary>
    public static OptionsBuilder<T> AddSectionOptions<T, TValidator>(this IServiceCollection services, IConfiguration configuration, string sectionName)
        where T : class
        where TValidator : class, IValidateOptions<T>
    {
        services.AddSingleton<IValidateOptions<T>, TValidator>();
        services.TryAddTransient(typeof(BoundOptions<>));
        return services.AddOptions<T>().Bind(configuration.GetSection(sectionName)).ValidateOnStart();
    }

    /// <summary>
    /// Binds <typeparamref name="T"/> now, for the few decisions taken before the container exists (a configuration
    /// source, the embedded sandbox, an exporter). The same instance is what <see cref="IOptions{TOptions}"/> returns,
    /// once <typeparamref name="TValidator"/> passed it at start, so the early decision and the rest agree.
    /// </summary>
    /// <param name="builder">The gateway's builder.</param>
    /// <param name="sectionName">The section; empty for the configuration's root (variables like OTEL_*).</param>
    public static T BindEarly<T, TValidator>(this WebApplicationBuilder builder, string sectionName)
        where T : class, new()
        where TValidator : class, IValidateOptions<T>
    {
        IConfiguration section = sectionName.Length == 0 ? builder.Configuration : builder.Configuration.GetSection(sectionName);
        var options = new T();
        string? conversionFailure = null;
        try
        {
            section.Bind(options);
        }
        catch (InvalidOperationException e)
        {
            // A value that does not convert (a word for a number): reported at start with every other problem.
            conversionFailure = e.Message;
        }

        builder.Services.AddSingleton<IValidateOptions<T>, TValidator>();
        builder.Services.TryAddTransient(typeof(BoundOptions<>));
        builder.Services.AddSingleton<IOptionsFactory<T>>(sp => new EarlyBoundOptionsFactory<T>(options, conversionFailure, sp.GetServices<IValidateOptions<T>>()));
        builder.Services.AddOptions<T>().ValidateOnStart();
        return options;
    }

    /// <summary>
    /// The configured sources' aliases, needed while registering services (one HttpClient and one health check per
    /// source, and whether the embedded sandbox is needed); everything else about a source comes from
    /// IOptions&lt;GatewayOptions&gt;.
    /// </summary>
    public static IReadOnlyList<string> SourceAliases(IConfiguration configuration) =>
        [.. configuration.GetSection(GatewayOptions.SectionName).GetSection("Sources").GetChildren().Select(c => c.Key)];

    /// <summary>The gateway's section, for the binders that read per-kind settings from it (BackendSettingsBinder).</summary>
    public static IConfigurationSection GatewaySection(IConfiguration configuration) => configuration.GetSection(GatewayOptions.SectionName);
}
