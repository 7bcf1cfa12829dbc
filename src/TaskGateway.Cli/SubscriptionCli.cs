using System.CommandLine;
using Spectre.Console;
using TaskGateway.Contracts.V1;

namespace TaskGateway.Cli;

/// <summary>The push subscription commands: <c>subscribe</c>, and <c>subscriptions list|get|delete</c>.</summary>
internal static class SubscriptionCli
{
    public static Command SubscribeCommand(IAnsiConsole console, CommonOptions common)
    {
        var target = new Argument<string>("name")
        {
            Description = "A task's resource name (one event, when it matches --until), or a collection's parent, as list takes it (an event on every change of a task matching --filter)",
        };
        var sink = new Option<Uri>("--sink")
        {
            Description = "The URL the gateway POSTs signed CloudEvents to; https unless the gateway allows its host",
            Required = true,
            CustomParser = result => Uri.TryCreate(result.Tokens.Single().Value, UriKind.Absolute, out var uri)
                ? uri
                : CommonOptions.Fail(result, "--sink must be an absolute URL, e.g. https://hooks.example.com/tasks"),
        };
        var until = new Option<string>("--until") { Description = "For a task: the condition of its one event, as wait --for takes it (default: done = true)", DefaultValueFactory = _ => string.Empty };
        var filter = new Option<string>("--filter") { Description = "For a collection: which tasks' changes to send, as list --filter takes it (default: every task)", DefaultValueFactory = _ => string.Empty };
        var secret = new Option<string>("--secret") { Description = "The Standard Webhooks signing secret, whsec_ and base64 (default: the gateway generates one)", DefaultValueFactory = _ => string.Empty };
        var binary = new Option<bool>("--binary") { Description = "Binary CloudEvents (the task as the body, attributes as ce-* headers) instead of structured" };
        var subscribe = new Command("subscribe", "Have the gateway POST a signed CloudEvent to --sink when a task matches --until, or whenever a task of a collection changes; prints the subscription and its signing secret, which is shown this once")
        {
            target, sink, until, filter, secret, binary, common.Format, common.Json,
        };
        subscribe.SetAction((parse, ct) => CliApp.Run(console, parse, common, (gateway, token) => SubscriptionCommands.SubscribeAsync(console, gateway,
            new SubscribeRequest(parse.GetValue(target)!, parse.GetValue(sink)!, parse.GetValue(until)!, parse.GetValue(filter)!, parse.GetValue(secret)!,
                parse.GetValue(binary) ? Sink.Types.ContentMode.Binary : Sink.Types.ContentMode.Unspecified),
            common.FormatOf(parse), token), ct));
        return subscribe;
    }

    public static Command SubscriptionsCommand(IAnsiConsole console, CommonOptions common)
    {
        var name = new Argument<string>("name") { Description = "A subscription's resource name, subscriptions/{id}" };
        var pageSize = new Option<int>("--page-size") { Description = "Subscriptions per call (every page is fetched); 0: the gateway's default", DefaultValueFactory = _ => 0 };

        var list = new Command("list", "List this caller's subscriptions, oldest first, every page") { pageSize, common.Format, common.Json };
        list.SetAction((parse, ct) => CliApp.Run(console, parse, common,
            (gateway, token) => SubscriptionCommands.ListAsync(console, gateway, parse.GetValue(pageSize), common.FormatOf(parse), token), ct));

        var get = new Command("get", "Show one subscription: its state and last delivery") { name, common.Format, common.Json };
        get.SetAction((parse, ct) => CliApp.Run(console, parse, common,
            (gateway, token) => SubscriptionCommands.GetAsync(console, gateway, parse.GetValue(name)!, common.FormatOf(parse), token), ct));

        var delete = new Command("delete", "Delete a subscription; its events not yet delivered are dropped") { name };
        delete.SetAction((parse, ct) => CliApp.Run(console, parse, common,
            (gateway, token) => SubscriptionCommands.DeleteAsync(console, gateway, parse.GetValue(name)!, token), ct));

        return new Command("subscriptions", "List, show and delete push subscriptions (made with subscribe)") { list, get, delete };
    }
}
