namespace TaskGateway.FunctionalTests.Browser;

/// <summary>The console's pages on the sandbox, each with the element that shows it has its data.</summary>
internal static class ConsolePages
{
    public static readonly (string Name, string Path, string Ready)[] All =
    [
        ("sources", "/", "#sources tr[data-source]"),
        ("collection", $"/console/{Names.AstraParent}/tasks", "#tasks tbody tr[data-name]"),
        ("task", $"/console/{Names.AstraFailed}", "#details"),
        ("subscriptions", "/console/subscriptions", "#subscription-form"),
    ];
}
