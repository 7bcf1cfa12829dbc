using TaskGateway.Hosting;

// TaskGateway: one gRPC contract (taskgateway.v1.TaskService) in front of five vendor task APIs.
// With no TaskGateway:Sources configured it serves the embedded sandbox; see README.md.
try
{
    // Settings (appsettings.json, its log levels) come from beside the app, whatever directory it was started from.
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
    builder.AddTaskGateway();
    var app = builder.Build();
    app.UseTaskGateway();
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (StartupFailure.TryReport(e, Console.Error))
{
    return 1;
}
