using TaskGateway.Hosting;

namespace TaskGateway.WebConsole;

/// <summary>
/// The browser console (issue 22): an HTML shell, its static files and config.json on the REST port. The page's
/// data comes only from the REST API, with the caller's own credential, so these routes are open to callers without
/// one (they hold no data); the local-only rule still applies to them as to everything.
/// </summary>
internal static class ConsoleExtensions
{
    public const string ConsolePath = "/console";
    public const string AssetsPath = "/console/assets";
    public const string ConfigPath = "/console/config.json";

    private static readonly string[] GetOrHead = [HttpMethods.Get, HttpMethods.Head];

    public static WebApplicationBuilder AddTaskGatewayConsole(this WebApplicationBuilder builder)
    {
        // Bound early: whether the routes exist is decided when they are mapped, before start-up validates the
        // rest; a value that does not convert is still reported then, with every other problem.
        var options = builder.BindEarly<ConsoleOptions, ConsoleOptionsValidator>(ConsoleOptions.SectionName);
        if (options.Enabled)
        {
            builder.Services.AddSingleton<ConsoleAssets>();
            builder.Services.AddSingleton<ConsoleConfigFactory>();
        }

        return builder;
    }

    /// <summary>Maps the console's routes when TaskGateway:Console:Enabled (none at all otherwise: every path is then 404).</summary>
    public static WebApplication MapTaskGatewayConsole(this WebApplication app)
    {
        if (app.Services.GetService<ConsoleAssets>() is not { } assets)
        {
            return app;
        }

        var addresses = app.Services.GetRequiredService<GatewayAddresses>();
        var config = app.Services.GetRequiredService<ConsoleConfigFactory>();
        IResult Shell(HttpContext http) => ConsoleEndpoints.Serve(http, assets.Shell);

        // HEAD as well as GET: uptime checks and link checkers ask with HEAD (Kestrel sends the headers, no body).
        Open(app.MapMethods("/", GetOrHead, Shell), addresses);
        Open(app.MapMethods(ConsolePath, GetOrHead, Shell), addresses);
        Open(app.MapMethods(ConsolePath + "/{**path}", GetOrHead, (HttpContext http, string path) => ConsoleEndpoints.Page(http, assets, path)), addresses);
        Open(app.MapMethods(AssetsPath + "/{file}", GetOrHead, (HttpContext http, string file) => assets.Find(file) is { } asset ? ConsoleEndpoints.Serve(http, asset) : Results.NotFound()), addresses);
        Open(app.MapMethods(ConfigPath, GetOrHead, () => Results.Json(config.Create(), ConsoleEndpoints.Json)), addresses);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("TaskGateway.Console");
        app.Lifetime.ApplicationStarted.Register(() => ConsoleLog.Serving(logger, addresses.Rest.ToString()));
        return app;
    }

    private static void Open(RouteHandlerBuilder route, GatewayAddresses addresses) =>
        route.AllowAnonymous().AddEndpointFilter((context, next) => ConsoleEndpoints.RestPortOnly(context, next, addresses));
}
