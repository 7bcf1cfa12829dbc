namespace TaskGateway.WebConsole;

/// <summary>A link the Sources page offers: a label and a console path.</summary>
internal sealed record ConsoleExample(string Label, string Path);
