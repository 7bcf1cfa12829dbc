using Grpc.Core;
using TaskGateway.Core.Errors;
using TaskGateway.Core.Sources;

namespace TaskGateway.Services;

/// <summary>
/// The collection a transcoded REST call names. A REST route carries the collection id after its parent
/// (<c>/v1/{parent}/tasks</c>, <c>/v1/{parent}/scheduledTasks:watch</c>) but the parent alone does not, and a DMS and
/// an IoTDA instance share one parent shape: without this check, <c>/v1/sources/dms/.../instances/i/tasks</c> would
/// list DMS scheduled tasks under the IoTDA collection's name. gRPC calls name no collection and pass.
/// </summary>
internal static class RestRouteCollection
{
    /// <summary>Throws INVALID_ARGUMENT on parent when a REST call's collection is not the source's.</summary>
    public static void Ensure(ServerCallContext context, BackendDescriptor descriptor, string source)
    {
        var http = context.GetHttpContext();
        if (http.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true)
        {
            return;
        }

        // Compared in place: this runs on every REST ListTasks and WatchTasks.
        var path = (http.Request.Path.Value ?? string.Empty).AsSpan();
        if (path.EndsWith(":watch", StringComparison.Ordinal))
        {
            path = path[..^":watch".Length];
        }

        var named = path[(path.LastIndexOf('/') + 1)..];
        var own = descriptor.Collection;
        if (!named.SequenceEqual(own))
        {
            throw new RequestValidationException("parent",
                $"names the collection '{named.ToString()}', but source '{source}' ({descriptor.Kind}) lists '{own}': use {descriptor.ListParentPattern.Replace("{source}", source, StringComparison.Ordinal)}/{own}");
        }
    }
}
