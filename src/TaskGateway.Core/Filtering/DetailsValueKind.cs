namespace TaskGateway.Core.Filtering;

/// <summary>How a details field compares: as text (= and != with prefix *), as a number, or as true/false.</summary>
internal enum DetailsValueKind
{
    Text,
    Number,
    Bool,
}
