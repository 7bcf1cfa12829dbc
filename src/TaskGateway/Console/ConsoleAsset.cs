namespace TaskGateway.WebConsole;

/// <summary>One file of the console, held in memory with its content type and the ETag of its bytes.</summary>
internal sealed record ConsoleAsset(string Name, string ContentType, byte[] Content, string ETag);
