namespace TaskGateway.Core.Names;

/// <summary>
/// A backend's documented charset and length for one id, checked before the id goes into an upstream path.
/// </summary>
public sealed record IdRule(string Field, int MaxLength, string Description, Func<char, bool> IsAllowed)
{
    /// <summary>Lower-case hex digits and '-' (UUID-like ids).</summary>
    public static bool LowerHexOrDash(char c) => c is (>= 'a' and <= 'f') or (>= '0' and <= '9') or '-';

    /// <summary>ASCII letters, digits and '-'.</summary>
    public static bool AlnumOrDash(char c) => char.IsAsciiLetterOrDigit(c) || c == '-';

    /// <summary>ASCII letters, digits, '-' and '_'.</summary>
    public static bool AlnumDashUnderscore(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';

    /// <summary>Checks one id; returns null when it is valid, otherwise the violation's description.</summary>
    public string? Check(string value)
    {
        if (value.Length == 0 || value.Length > MaxLength)
        {
            return $"{Field} must be 1 to {MaxLength} characters: {Description}";
        }

        foreach (var c in value)
        {
            if (!IsAllowed(c))
            {
                return $"{Field} may only contain {Description}";
            }
        }

        return null;
    }
}
