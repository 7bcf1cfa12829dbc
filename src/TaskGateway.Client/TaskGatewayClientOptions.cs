namespace TaskGateway.Client;

/// <summary>Where the gateway is and how to call it.</summary>
public sealed record TaskGatewayClientOptions
{
    /// <summary>The gateway's gRPC address, e.g. http://127.0.0.1:5000 (h2c) or https://taskgateway.example.com.</summary>
    public Uri Address { get; set; } = new("http://127.0.0.1:5000");

    /// <summary>An API key sent as x-api-key on every call, when the gateway requires one.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The first delay before TaskWaiter reconnects a broken watch; it doubles up to <see cref="MaxReconnectDelay"/>, with jitter.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest delay between reconnects.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How many reconnects in a row TaskWaiter tries without receiving an event before it gives up.</summary>
    public int MaxReconnects { get; set; } = 10;

    /// <inheritdoc/>
    public override string ToString() => $"TaskGatewayClientOptions {{ Address = {Address}, ApiKey = {(ApiKey is null ? "none" : "set")} }}";
}
