using System.CommandLine;

namespace TaskGateway.Cli;

/// <summary>The options every command shares: where the gateway is, the caller's key, and the output format.</summary>
internal sealed class CommonOptions
{
    public Option<Uri> Address { get; } = new("--address")
    {
        Description = "The gateway's gRPC address (env TASKGATEWAY_ADDRESS)",
        DefaultValueFactory = _ => new Uri(Environment.GetEnvironmentVariable("TASKGATEWAY_ADDRESS") ?? "http://127.0.0.1:5000"),
        CustomParser = result => Uri.TryCreate(result.Tokens.Single().Value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : Fail(result, "--address must be an absolute http or https URL, e.g. http://127.0.0.1:5000"),
        Recursive = true,
    };

    public Option<string?> ApiKey { get; } = new("--api-key")
    {
        Description = "An API key, sent as x-api-key (env TASKGATEWAY_API_KEY)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("TASKGATEWAY_API_KEY"),
        Recursive = true,
    };

    public Option<OutputFormat> Format { get; } = new("--output", "-o")
    {
        Description = "table (default), json (the proto JSON mapping, one object per line) or yaml (one document per task or subscription)",
        DefaultValueFactory = _ => OutputFormat.Table,
    };

    public Option<bool> Json { get; } = new("--json") { Description = "The same as -o json" };

    /// <summary>The output format a command line asks for: --json wins over -o.</summary>
    public OutputFormat FormatOf(ParseResult parse) => parse.GetValue(Json) ? OutputFormat.Json : parse.GetValue(Format);

    /// <summary>Reports a value a URL option cannot take; parsing then fails with the message.</summary>
    internal static Uri? Fail(System.CommandLine.Parsing.ArgumentResult result, string message)
    {
        result.AddError(message);
        return null;
    }
}
