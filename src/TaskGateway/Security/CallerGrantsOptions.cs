namespace TaskGateway.Security;

/// <summary>
/// What each caller may read: TaskGateway:Callers:Grants, a list of entries, each naming callers (an API key name,
/// or a JWT claim value) and what they may read (source aliases, resource name prefixes, or "*"). A caller may read
/// what any of its entries allows. With no entries (the default), every caller reads every source, as before grants.
/// </summary>
internal sealed record CallerGrantsOptions
{
    /// <summary>The section the entries are under (as Grants): the callers' own section.</summary>
    public const string SectionName = CallerOptions.SectionName;

    /// <summary>The entries (TaskGateway:Callers:Grants:0:ApiKey, ...:0:Allow:0, ...).</summary>
    public List<CallerGrantsEntry> Grants { get; set; } = [];

    /// <summary>Whether grants are in force.</summary>
    public bool Enabled => Grants.Count > 0;
}
