using TaskGateway.Core.Errors;
using TaskGateway.Core.Names;

namespace TaskGateway.Backends.Common;

/// <summary>Checks a name's ids against a backend's rules, naming the request field in each violation.</summary>
internal static class IdValidator
{
    public static IReadOnlyList<FieldViolation> Check(string field, params (IdRule Rule, string Value)[] ids)
    {
        List<FieldViolation>? violations = null;
        foreach (var (rule, value) in ids)
        {
            if (rule.Check(value) is { } problem)
            {
                (violations ??= []).Add(new FieldViolation(field, problem));
            }
        }

        return violations ?? (IReadOnlyList<FieldViolation>)[];
    }
}
