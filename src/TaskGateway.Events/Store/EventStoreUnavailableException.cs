namespace TaskGateway.Events.Store;

/// <summary>The store cannot be opened or reached; <see cref="Setting"/> names the configuration that points at it.</summary>
internal sealed class EventStoreUnavailableException : Exception
{
    public EventStoreUnavailableException(string setting, string message, Exception? inner = null)
        : base(message, inner) => Setting = setting;

    /// <summary>TaskGateway:Events:SqlitePath or TaskGateway:Events:PostgreSql.</summary>
    public string Setting { get; }
}
