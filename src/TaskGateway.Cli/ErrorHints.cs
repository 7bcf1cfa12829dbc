using TaskGateway.Contracts.V1;

namespace TaskGateway.Cli;

/// <summary>
/// What to do next, for the refusals whose message alone does not say it; chosen by the ErrorInfo reason (never
/// by the message's text, which may change).
/// </summary>
internal static class ErrorHints
{
    public static string? Of(ErrorReason reason) => reason switch
    {
        ErrorReason.SubscriptionLimitReached => "Delete one first: taskgateway-cli subscriptions list, then subscriptions delete NAME.",
        ErrorReason.SubscriptionNotFound => "taskgateway-cli subscriptions list shows the subscriptions this caller has.",
        ErrorReason.EventsStoreUnavailable => "Only subscriptions are affected: the other commands work, and this one will once the store is back.",
        _ => null,
    };
}
