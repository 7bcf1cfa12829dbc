using Google.Protobuf.WellKnownTypes;

namespace TaskGateway.Core.Mapping;

/// <summary>
/// Parses the time strings backends send into Timestamps without losing precision: RFC 3339 with 0 to 9
/// fraction digits ('T' or 't', 'Z' or an offset), and the compact basic form yyyyMMddTHHmmssZ. DateTimeOffset
/// stops at 7 digits, which would lose a backend's nanoseconds and so change etags between equal tasks.
/// </summary>
public static class TimestampParser
{
    /// <summary>Parses a time; false for anything else (the raw string stays in the task details).</summary>
    public static bool TryParse(ReadOnlySpan<char> s, out Timestamp timestamp)
    {
        timestamp = null!;
        if (!TryReadDateTime(s, out var year, out var month, out var day, out var hour, out var minute, out var second, out var i)
            || !TryReadFraction(s, ref i, out var nanos)
            || !TryReadOffset(s, ref i, out var offsetMinutes)
            || i != s.Length || month is < 1 or > 12 || day < 1 || year < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var utc = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddMinutes(-offsetMinutes);
        var seconds = (utc - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerSecond;
        timestamp = new Timestamp { Seconds = seconds, Nanos = nanos };
        return true;
    }

    // The date and time of day in either layout, unchecked for range; next is the index after them.
    private static bool TryReadDateTime(ReadOnlySpan<char> s, out int year, out int month, out int day, out int hour, out int minute, out int second, out int next)
    {
        if (s.Length >= 16 && s[8] is 'T' or 't' && Digits(s[..8]) && Digits(s.Slice(9, 6)))
        {
            // yyyyMMddTHHmmssZ
            year = Num(s[..4]); month = Num(s.Slice(4, 2)); day = Num(s.Slice(6, 2));
            hour = Num(s.Slice(9, 2)); minute = Num(s.Slice(11, 2)); second = Num(s.Slice(13, 2));
            next = 15;
            return true;
        }

        if (s.Length >= 19 && s[4] == '-' && s[7] == '-' && s[10] is 'T' or 't' or ' ' && s[13] == ':' && s[16] == ':'
            && Digits(s[..4]) && Digits(s.Slice(5, 2)) && Digits(s.Slice(8, 2)) && Digits(s.Slice(11, 2)) && Digits(s.Slice(14, 2)) && Digits(s.Slice(17, 2)))
        {
            year = Num(s[..4]); month = Num(s.Slice(5, 2)); day = Num(s.Slice(8, 2));
            hour = Num(s.Slice(11, 2)); minute = Num(s.Slice(14, 2)); second = Num(s.Slice(17, 2));
            next = 19;
            return true;
        }

        year = month = day = hour = minute = second = next = 0;
        return false;
    }

    // An optional '.' and 1 to 9 fraction digits, as nanoseconds.
    private static bool TryReadFraction(ReadOnlySpan<char> s, ref int i, out int nanos)
    {
        nanos = 0;
        if (i >= s.Length || s[i] != '.')
        {
            return true;
        }

        i++;
        var digits = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            if (++digits > 9)
            {
                return false;
            }

            nanos = (nanos * 10) + (s[i] - '0');
            i++;
        }

        for (var d = digits; d < 9; d++)
        {
            nanos *= 10;
        }

        return digits > 0;
    }

    // 'Z' or a +hh:mm/-hh:mm offset that ends the string, as minutes east of UTC.
    private static bool TryReadOffset(ReadOnlySpan<char> s, ref int i, out int offsetMinutes)
    {
        offsetMinutes = 0;
        if (i < s.Length && s[i] is 'Z' or 'z')
        {
            i++;
            return true;
        }

        if (i + 6 == s.Length && s[i] is '+' or '-' && s[i + 3] == ':' && Digits(s.Slice(i + 1, 2)) && Digits(s.Slice(i + 4, 2)))
        {
            offsetMinutes = (Num(s.Slice(i + 1, 2)) * 60) + Num(s.Slice(i + 4, 2));
            if (s[i] == '-')
            {
                offsetMinutes = -offsetMinutes;
            }

            i += 6;
            return true;
        }

        return false;
    }

    /// <summary>Parses a time, or returns null.</summary>
    public static Timestamp? ParseOrNull(string? s) => s is not null && TryParse(s, out var t) ? t : null;

    private static bool Digits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static int Num(ReadOnlySpan<char> s)
    {
        var n = 0;
        foreach (var c in s)
        {
            n = (n * 10) + (c - '0');
        }

        return n;
    }
}
