namespace TaskGateway.Cli;

/// <summary>How get, list and watch print tasks: for people (table) or for scripts (one JSON or YAML document per task).</summary>
internal enum OutputFormat
{
    /// <summary>Tables, grids and progress bars.</summary>
    Table,

    /// <summary>The proto JSON mapping (as the REST API answers), one object per line.</summary>
    Json,

    /// <summary>The same fields as YAML, one document per task ("---" between them).</summary>
    Yaml,
}
