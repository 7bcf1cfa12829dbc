namespace TaskGateway.Core.Errors;

/// <summary>A request that failed validation; becomes INVALID_ARGUMENT with BadRequest field violations.</summary>
public sealed class RequestValidationException : Exception
{
    /// <summary>Creates the exception for one or more violations.</summary>
    public RequestValidationException(IReadOnlyList<FieldViolation> violations)
        : base(string.Join("; ", violations.Select(v => $"{v.Field} {v.Description}")))
    {
        Violations = violations;
    }

    /// <summary>Creates the exception for one violation.</summary>
    public RequestValidationException(string field, string description)
        : this([new FieldViolation(field, description)])
    {
    }

    /// <summary>The violations, in request order.</summary>
    public IReadOnlyList<FieldViolation> Violations { get; }
}
