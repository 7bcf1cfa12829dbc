using Spectre.Console;
using TaskGateway.Client;
using TaskGateway.Contracts.V1;

namespace TaskGateway.Cli;

/// <summary>The subscription commands' bodies: call through TaskGateway.Client, then render.</summary>
internal static class SubscriptionCommands
{
    public static async Task<int> SubscribeAsync(IAnsiConsole console, Gateway gateway, SubscribeRequest request, OutputFormat format, CancellationToken cancellationToken)
    {
        var created = await gateway.Client.CreateSubscriptionAsync(request.Target, request.Sink, request.Until, request.Filter, request.Secret, request.ContentMode, cancellationToken).ConfigureAwait(false);
        if (format != OutputFormat.Table)
        {
            // The response as the REST API returns it, secret included: a script keeps it from here.
            MessagePrinter.Print(console, created, format);
            return ExitCodes.Ok;
        }

        // The secret once, on a row of its own (plain text, never markup), the rest as subscriptions get shows it.
        var secret = created.Sink?.Secret ?? string.Empty;
        var grid = SubscriptionView.Details(WithoutSecret(created));
        if (secret.Length > 0)
        {
            grid.AddRow(new Text("secret", new Style(Color.Yellow, decoration: Decoration.Bold)), new Text(secret));
        }

        console.Write(grid);
        if (secret.Length > 0)
        {
            console.MarkupLine("[yellow]This signing secret will not be shown again: keep it now, to verify the webhook-signature header of every event.[/]");
        }

        return ExitCodes.Ok;
    }

    public static async Task<int> ListAsync(IAnsiConsole console, Gateway gateway, int pageSize, OutputFormat format, CancellationToken cancellationToken)
    {
        var table = SubscriptionView.NewTable();
        await foreach (var subscription in gateway.Client.ListAllSubscriptionsAsync(pageSize, cancellationToken).ConfigureAwait(false))
        {
            if (format != OutputFormat.Table)
            {
                MessagePrinter.Print(console, WithoutSecret(subscription), format);
                continue;
            }

            SubscriptionView.AddRow(table, WithoutSecret(subscription));
        }

        if (format == OutputFormat.Table)
        {
            console.Write(table);
        }

        return ExitCodes.Ok;
    }

    public static async Task<int> GetAsync(IAnsiConsole console, Gateway gateway, string name, OutputFormat format, CancellationToken cancellationToken)
    {
        var subscription = WithoutSecret((await gateway.Client.GetSubscriptionAsync(new GetSubscriptionRequest { Name = name }, cancellationToken: cancellationToken)).Subscription);
        if (format != OutputFormat.Table)
        {
            MessagePrinter.Print(console, subscription, format);
            return ExitCodes.Ok;
        }

        console.Write(SubscriptionView.Details(subscription));
        return ExitCodes.Ok;
    }

    public static async Task<int> DeleteAsync(IAnsiConsole console, Gateway gateway, string name, CancellationToken cancellationToken)
    {
        await gateway.Client.DeleteSubscriptionAsync(new DeleteSubscriptionRequest { Name = name }, cancellationToken: cancellationToken);
        console.MarkupLineInterpolated($"Deleted {name}.");
        return ExitCodes.Ok;
    }

    // The secret is printed once, by subscribe, on a line of its own. Anywhere else it is blanked, even if a gateway
    // sent it: a terminal's scrollback or a CI log is no place for it.
    private static Subscription WithoutSecret(Subscription subscription)
    {
        if (subscription.Sink is not { Secret.Length: > 0 })
        {
            return subscription;
        }

        var copy = subscription.Clone();
        copy.Sink.Secret = string.Empty;
        return copy;
    }
}
