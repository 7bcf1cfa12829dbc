using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Spectre.Console;
using TaskGateway.Contracts.V1;
using Outcome = TaskGateway.Contracts.V1.Delivery.Types.Outcome;
using State = TaskGateway.Contracts.V1.Subscription.Types.State;

namespace TaskGateway.Cli;

/// <summary>Subscriptions for people: a grid for one, a table for many. Every value from the gateway is escaped.</summary>
internal static class SubscriptionView
{
    public static Grid Details(Subscription subscription)
    {
        var grid = new Grid().AddColumn().AddColumn();
        Row(grid, "name", Markup.Escape(subscription.Name));
        Row(grid, "target", Markup.Escape(subscription.Target));
        if (subscription.Until.Length > 0)
        {
            Row(grid, "until", Markup.Escape(subscription.Until));
        }

        if (subscription.Filter.Length > 0)
        {
            Row(grid, "filter", Markup.Escape(subscription.Filter));
        }

        Row(grid, "state", StateOf(subscription.State));
        Row(grid, "sink", SinkOf(subscription.Sink));
        Row(grid, "created", Markup.Escape(TimeOf(subscription.CreateTime)));
        Row(grid, "delivery", DeliveryOf(subscription.LastDelivery));
        if (subscription.LastDelivery is { Error.Length: > 0 } failed)
        {
            Row(grid, "error", Markup.Escape(failed.Error));
        }

        return grid;
    }

    public static Table NewTable() => new Table().AddColumns("name", "target", "state", "sink", "last delivery");

    public static void AddRow(Table table, Subscription subscription) => table.AddRow(
        Markup.Escape(subscription.Name),
        Markup.Escape(subscription.Target),
        StateOf(subscription.State),
        SinkOf(subscription.Sink),
        DeliveryOf(subscription.LastDelivery));

    private static string StateOf(State state) => state switch
    {
        State.Active => "[green]ACTIVE[/]",
        State.Completed => "COMPLETED",
        State.Disabled => "[red]DISABLED[/]",
        _ => state.ToString().ToUpperInvariant(),
    };

    private static string SinkOf(Sink? sink) => sink is null
        ? "-"
        : Markup.Escape($"{sink.Uri} ({(sink.ContentMode == Sink.Types.ContentMode.Binary ? "binary" : "structured")})");

    // One line: what came of the last attempt, how many attempts it took, and what is next.
    private static string DeliveryOf(Delivery? delivery)
    {
        if (delivery is null)
        {
            return "none yet";
        }

        var attempts = delivery.Attempts == 1 ? "1 attempt" : $"{delivery.Attempts} attempts";
        var status = delivery.HttpStatus > 0 ? $", HTTP {delivery.HttpStatus}" : string.Empty;
        var next = delivery.NextAttemptTime is { } due ? $", next {TimeOf(due)}" : string.Empty;
        var text = Markup.Escape($"{delivery.EventType} {TimeOf(delivery.Time)} ({attempts}{status}{next})");
        return delivery.Outcome switch
        {
            Outcome.Delivered => $"[green]DELIVERED[/] {text}",
            Outcome.Retrying => $"[yellow]RETRYING[/] {text}",
            Outcome.Failed => $"[red]FAILED[/] {text}",
            _ => text,
        };
    }

    private static string TimeOf(Timestamp? time) => time?.ToDateTimeOffset().ToString("u", CultureInfo.InvariantCulture) ?? "-";

    private static void Row(Grid grid, string label, string markup) => grid.AddRow(new Text(label, new Style(decoration: Decoration.Bold)), new Markup(markup));
}
