using System.CommandLine;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Spectre.Console;
using TaskGateway.Client;
using TaskGateway.Contracts.V1;

namespace TaskGateway.Cli;

/// <summary>The commands. A class apart from Program so tests run it in-process against a console they read.</summary>
internal static class CliApp
{
    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, CancellationToken cancellationToken = default)
    {
        // Piped or redirected, nothing is a terminal line: never wrap names at a made-up 80 columns.
        if (!console.Profile.Out.IsTerminal)
        {
            console.Profile.Width = Math.Max(console.Profile.Width, 4096);
        }

        var common = new CommonOptions();
        var name = new Argument<string>("name") { Description = "A task's resource name, e.g. sources/astra/accounts/{account}/tasks/{task}" };
        var root = new RootCommand("TaskGateway CLI: look at cloud tasks, and subscribe webhooks to them, through taskgateway.v1.TaskService")
        {
            common.Address, common.ApiKey, GetCommand(console, common, name), ListCommand(console, common), WatchCommand(console, common),
            WaitCommand(console, common, name), HealthCommand(console, common),
            SubscriptionCli.SubscribeCommand(console, common), SubscriptionCli.SubscriptionsCommand(console, common),
        };
        var output = console.Profile.Out.Writer;
        return await root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = output }, cancellationToken).ConfigureAwait(false);
    }

    private static Command GetCommand(IAnsiConsole console, CommonOptions common, Argument<string> name)
    {
        var get = new Command("get", "Show one task") { name, common.Format, common.Json };
        get.SetAction((parse, ct) => Run(console, parse, common,
            (gateway, token) => Commands.GetAsync(console, gateway, parse.GetValue(name)!, common.FormatOf(parse), token), ct));
        return get;
    }

    private static Command ListCommand(IAnsiConsole console, CommonOptions common)
    {
        var parent = new Argument<string>("parent") { Description = "A collection, e.g. sources/dms/projects/{project}/instances/{instance}" };
        var filter = new Option<string>("--filter") { Description = "An AIP-160 filter, e.g. state = RUNNING", DefaultValueFactory = _ => string.Empty };
        var pageSize = new Option<int>("--page-size") { Description = "Tasks per page", DefaultValueFactory = _ => 0 };
        var all = new Option<bool>("--all") { Description = "Follow next_page_token to the end" };
        var list = new Command("list", "List a collection's tasks") { parent, filter, pageSize, all, common.Format, common.Json };
        list.SetAction((parse, ct) => Run(console, parse, common,
            (gateway, token) => Commands.ListAsync(console, gateway, parse.GetValue(parent)!, parse.GetValue(filter)!, parse.GetValue(pageSize), parse.GetValue(all), common.FormatOf(parse), token), ct));
        return list;
    }

    private static Command WatchCommand(IAnsiConsole console, CommonOptions common)
    {
        var names = new Argument<string[]>("names") { Description = "One or more task resource names", Arity = ArgumentArity.OneOrMore };
        var watch = new Command("watch", "Show a live progress bar per task until every one is done; the exit status says how they ended (0 succeeded, 1 a task failed, 2 a task was cancelled, 3 an error); with -o json or yaml, every state each task passes through instead of the bars") { names, common.Format, common.Json };
        watch.SetAction((parse, ct) => Run(console, parse, common,
            (gateway, token) => Commands.WatchAsync(console, gateway, parse.GetValue(names)!, common.FormatOf(parse), token), ct));
        return watch;
    }

    private static Command WaitCommand(IAnsiConsole console, CommonOptions common, Argument<string> name)
    {
        var condition = new Option<string>("--for")
        {
            Description = "The condition to wait for: an AIP-160 filter over the task, e.g. \"state = RUNNING\", \"progress_percent >= 50\" or \"details.state = running\"",
            Required = true,
        };
        var wait = new Command("wait", "Wait until a task matches a condition, like kubectl wait --for; the exit status says how it ended (0 matched, 1 the task failed or finished without matching, 2 it was cancelled or deleted without matching, 3 an error); with -o json or yaml, every state it passes through") { name, condition, common.Format, common.Json };
        wait.SetAction((parse, ct) => Run(console, parse, common,
            (gateway, token) => Commands.WaitAsync(console, gateway, parse.GetValue(name)!, parse.GetValue(condition)!, common.FormatOf(parse), token), ct));
        return wait;
    }

    private static Command HealthCommand(IAnsiConsole console, CommonOptions common)
    {
        var service = new Option<string>("--service") { Description = "The grpc.health.v1 service: empty for the gateway, sources/{alias} for a source", DefaultValueFactory = _ => string.Empty };
        var health = new Command("health", "Check grpc.health.v1; exit 0 when serving (used by the container's HEALTHCHECK)") { service };
        health.SetAction((parse, ct) => Run(console, parse, common,
            (gateway, token) => Commands.HealthAsync(console, gateway, parse.GetValue(service)!, token), ct));
        return health;
    }

    internal static Task<int> Run(IAnsiConsole console, ParseResult parse, CommonOptions common, Func<Gateway, CancellationToken, Task<int>> command, CancellationToken cancellationToken) =>
        Run(console, parse.GetValue(common.Address)!, parse.GetValue(common.ApiKey), command, cancellationToken);

    private static async Task<int> Run(IAnsiConsole console, Uri address, string? apiKey, Func<Gateway, CancellationToken, Task<int>> command, CancellationToken cancellationToken)
    {
        using var channel = GrpcChannel.ForAddress(address);
        var invoker = channel.Intercept(new ApiKeyInterceptor(apiKey));
        var gateway = new Gateway(new TaskService.TaskServiceClient(invoker), invoker, new TaskGatewayClientOptions { Address = address, ApiKey = apiKey });
        try
        {
            return await command(gateway, cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            console.MarkupLineInterpolated($"[red]{e.StatusCode}[/]: {e.Status.Detail}");
            if (ErrorHints.Of(GatewayErrors.ReasonOf(e)) is { } hint)
            {
                console.MarkupLineInterpolated($"[grey]{hint}[/]");
            }

            return ExitCodes.CallFailed;
        }
    }
}
