namespace TaskGateway.Core.Filtering;

/// <summary>The kinds of filter tokens.</summary>
internal enum FilterTokenKind
{
    Word,
    String,
    Comparator,
    Open,
    Close,
}
