namespace TaskGateway.Backends.CloudDcInstanceStatus;

/// <summary>CloudDC has no list: one status per instance.</summary>
internal static class CloudDcInstanceStatusLimits
{
    public const int DefaultPageSize = 0;
    public const int MaxPageSize = 0;
}
