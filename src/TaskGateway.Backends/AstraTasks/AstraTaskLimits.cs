namespace TaskGateway.Backends.AstraTasks;

/// <summary>Page sizes for the Astra list (its limit is a string of digits; the gateway keeps pages modest).</summary>
internal static class AstraTaskLimits
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 100;
}
