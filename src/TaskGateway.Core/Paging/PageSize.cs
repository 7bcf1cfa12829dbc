using TaskGateway.Core.Errors;

namespace TaskGateway.Core.Paging;

/// <summary>AIP-158 page size rules: 0 is the default, above the maximum is coerced, negative is refused.</summary>
public static class PageSize
{
    /// <summary>The effective page size, or a validation error for negative values.</summary>
    public static int Resolve(int requested, int defaultSize, int maxSize, string field = "page_size") => requested switch
    {
        < 0 => throw new RequestValidationException(field, "must not be negative"),
        0 => defaultSize,
        _ => Math.Min(requested, maxSize),
    };
}
