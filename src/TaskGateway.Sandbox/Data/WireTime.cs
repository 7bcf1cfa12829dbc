using System.Globalization;

namespace TaskGateway.Sandbox.Data;

/// <summary>The time formats the vendors send.</summary>
internal static class WireTime
{
    /// <summary>Huawei: yyyy-MM-dd'T'HH:mm:ss.SSS'Z'.</summary>
    public static string Huawei(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Astra: RFC 3339 with nine fraction digits (or none, on whole seconds), as the real service sends.</summary>
    public static string Astra(DateTimeOffset t)
    {
        var utc = t.UtcDateTime;
        return utc.Ticks % TimeSpan.TicksPerSecond == 0
            ? utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture) + "00Z";
    }

    /// <summary>DMS query times: yyyyMMddHHmmss.</summary>
    public static bool TryParseDms(string? s, out DateTimeOffset t) =>
        DateTimeOffset.TryParseExact(s, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out t);
}
