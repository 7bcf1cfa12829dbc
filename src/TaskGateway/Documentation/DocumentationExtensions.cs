using TaskGateway.Hosting;
using TaskGateway.Security;

namespace TaskGateway.Documentation;

/// <summary>Serves the OpenAPI document of the REST routes at /openapi.json on the REST port.</summary>
internal static class DocumentationExtensions
{
    public const string OpenApiPath = "/openapi.json";

    /// <summary>Maps /openapi.json; open to callers without credentials only when <paramref name="anonymous"/> (TaskGateway:Callers:Anonymous:OpenApi).</summary>
    public static WebApplication MapTaskGatewayDocumentation(this WebApplication app, Func<CallerAnonymousOptions, bool> anonymous)
    {
        // Built once: the contract does not change while the process runs.
        var document = new Lazy<string>(() => OpenApiWriter.Write(ContractModel.Load()));
        var addresses = app.Services.GetRequiredService<GatewayAddresses>();
        app.MapGet(OpenApiPath, (HttpContext http) => addresses.IsRest(http)
            ? Results.Text(document.Value, "application/json")
            : Results.NotFound()).AllowAnonymousWhen(anonymous);
        return app;
    }
}
