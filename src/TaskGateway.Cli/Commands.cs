using Google.Rpc;
using Grpc.Core;
using Grpc.Health.V1;
using Spectre.Console;
using TaskGateway.Client;
using TaskGateway.Contracts.V1;
using State = TaskGateway.Contracts.V1.CloudTask.Types.State;

namespace TaskGateway.Cli;

/// <summary>The commands' bodies: call, then render with Spectre.Console.</summary>
internal static class Commands
{
    public static async Task<int> GetAsync(IAnsiConsole console, Gateway gateway, string name, OutputFormat format, CancellationToken cancellationToken)
    {
        var task = (await gateway.Client.GetTaskAsync(new GetTaskRequest { Name = name }, cancellationToken: cancellationToken)).Task;
        if (format != OutputFormat.Table)
        {
            MessagePrinter.Print(console, task, format);
            return ExitCodes.Ok;
        }

        var grid = new Grid().AddColumn().AddColumn();
        Row(grid, "name", task.Name);
        grid.AddRow(new Text("state", new Style(decoration: Decoration.Bold)), new Markup($"{StateOf(task.State)} (source: {Markup.Escape(task.SourceState)})"));
        Row(grid, "done", task.Done ? "yes" : "no");
        Row(grid, "progress", task.HasProgressPercent ? $"{task.ProgressPercent:0.#}%" : "-");
        Row(grid, "type", task.Type);
        Row(grid, "created", task.CreateTime?.ToDateTimeOffset().ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "-");
        Row(grid, "updated", task.UpdateTime?.ToDateTimeOffset().ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "-");
        if (task.StatusMessage.Length > 0)
        {
            Row(grid, "message", task.StatusMessage);
        }

        if (task.Error is { } error)
        {
            Row(grid, "error", $"{(Grpc.Core.StatusCode)error.Code}: {error.Message}");
        }

        console.Write(grid);
        return ExitCodes.Ok;
    }

    public static async Task<int> ListAsync(IAnsiConsole console, Gateway gateway, string parent, string filter, int pageSize, bool all, OutputFormat format, CancellationToken cancellationToken)
    {
        var table = new Table().AddColumns("name", "state", "progress", "created");
        var token = string.Empty;
        do
        {
            var page = await gateway.Client.ListTasksAsync(new ListTasksRequest { Parent = parent, Filter = filter, PageSize = pageSize, PageToken = token }, cancellationToken: cancellationToken);
            foreach (var task in page.Tasks)
            {
                if (format != OutputFormat.Table)
                {
                    MessagePrinter.Print(console, task, format);
                    continue;
                }

                table.AddRow(
                    Markup.Escape(task.Name),
                    StateOf(task.State),
                    task.HasProgressPercent ? $"{task.ProgressPercent:0.#}%" : "-",
                    task.CreateTime?.ToDateTimeOffset().ToString("u", System.Globalization.CultureInfo.InvariantCulture) ?? "-");
            }

            token = page.NextPageToken;
        }
        while (all && token.Length > 0);

        if (format == OutputFormat.Table)
        {
            console.Write(table);
            if (token.Length > 0)
            {
                console.MarkupLine("[grey]More tasks: add --all, or pass the next page token through the API.[/]");
            }
        }

        return ExitCodes.Ok;
    }

    public static async Task<int> WatchAsync(IAnsiConsole console, Gateway gateway, string[] names, OutputFormat format, CancellationToken cancellationToken)
    {
        var waiter = new TaskWaiter(gateway.Client, gateway.Options);
        var finals = new CloudTask[names.Length];
        if (format != OutputFormat.Table)
        {
            // For scripts: every state each task passes through, as it comes, one object (or document) at a time.
            var gate = new Lock();
            await Task.WhenAll(names.Select(async (name, i) =>
            {
                var progress = new Progress(task =>
                {
                    lock (gate)
                    {
                        MessagePrinter.Print(console, task, format);
                    }
                });
                finals[i] = await waiter.WaitUntilDoneAsync(name, progress, cancellationToken).ConfigureAwait(false);
            })).ConfigureAwait(false);
            return ExitCodeOf(finals);
        }

        await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var bars = names.Select(n => context.AddTask(Markup.Escape(ShortName(n)), maxValue: 100)).ToArray();
                await Task.WhenAll(names.Select(async (name, i) =>
                {
                    var progress = new Progress(task => Show(bars[i], name, task));
                    var final = await waiter.WaitUntilDoneAsync(name, progress, cancellationToken).ConfigureAwait(false);
                    Show(bars[i], name, final);
                    finals[i] = final;
                }));
            }).ConfigureAwait(false);

        foreach (var task in finals)
        {
            console.MarkupLine($"{Markup.Escape(task.Name)}: {StateOf(task.State)}");
        }

        return ExitCodeOf(finals);
    }

    public static async Task<int> WaitAsync(IAnsiConsole console, Gateway gateway, string name, string until, OutputFormat format, CancellationToken cancellationToken)
    {
        var waiter = new TaskWaiter(gateway.Client, gateway.Options);
        var progress = new Progress(task =>
        {
            if (format != OutputFormat.Table)
            {
                MessagePrinter.Print(console, task, format);
            }
        });
        try
        {
            var matched = await waiter.WaitUntilAsync(name, until, progress, cancellationToken).ConfigureAwait(false);
            if (format == OutputFormat.Table)
            {
                console.MarkupLine($"{Markup.Escape(matched.Name)}: {StateOf(matched.State)} ({Markup.Escape(matched.SourceState)}), matches {Markup.Escape(until)}");
            }

            return ExitCodes.Ok;
        }
        catch (RpcException e) when (GatewayErrors.ReasonOf(e) == ErrorReason.WatchConditionUnreachable && GatewayErrors.InfoOf(e) is { } info)
        {
            // The task ended without matching: say how, with watch's exit statuses.
            console.MarkupLineInterpolated($"[red]{e.StatusCode}[/]: {e.Status.Detail}");
            return info.Metadata.GetValueOrDefault("state") is "STATE_CANCELLED" or "STATE_DELETED" ? ExitCodes.TaskCancelled : ExitCodes.TaskFailed;
        }
    }

    private static int ExitCodeOf(CloudTask[] finals) =>
        finals.Any(t => t.State == State.Failed) ? ExitCodes.TaskFailed
            : finals.Any(t => t.State is State.Cancelled or State.Deleted) ? ExitCodes.TaskCancelled
            : finals.All(t => t.State == State.Succeeded) ? ExitCodes.Ok
            : ExitCodes.TaskFailed;

    public static async Task<int> HealthAsync(IAnsiConsole console, Gateway gateway, string service, CancellationToken cancellationToken)
    {
        var response = await new Health.HealthClient(gateway.Invoker).CheckAsync(new HealthCheckRequest { Service = service }, cancellationToken: cancellationToken);
        console.MarkupLineInterpolated($"{(service.Length == 0 ? "gateway" : service)}: {response.Status}");
        return response.Status == HealthCheckResponse.Types.ServingStatus.Serving ? ExitCodes.Ok : ExitCodes.NotServing;
    }

    private static void Show(ProgressTask bar, string name, CloudTask task)
    {
        bar.Description = Markup.Escape($"{ShortName(name)} {task.State}");
        if (task.HasProgressPercent)
        {
            bar.Value = task.ProgressPercent;
        }

        if (task.Done)
        {
            bar.Value = 100;
            bar.StopTask();
        }
    }

    private static string ShortName(string name) => name.Length <= 60 ? name : "…" + name[^59..];

    private static string StateOf(State state) => state switch
    {
        State.Succeeded => "[green]SUCCEEDED[/]",
        State.Failed => "[red]FAILED[/]",
        State.Cancelled or State.Deleted => $"[yellow]{state.ToString().ToUpperInvariant()}[/]",
        _ => state.ToString().ToUpperInvariant(),
    };

    private static void Row(Grid grid, string label, string value) => grid.AddRow(new Text(label, new Style(decoration: Decoration.Bold)), new Text(value));

    // Progress<T> posts to a captured context; the bars are updated from any thread, so report synchronously.
    private sealed class Progress(Action<CloudTask> report) : IProgress<CloudTask>
    {
        public void Report(CloudTask value) => report(value);
    }
}
