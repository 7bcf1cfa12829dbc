using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Rpc;
using Grpc.Core;
using TaskGateway.Core.Errors;

namespace TaskGateway.Security;

/// <summary>
/// Writes a refusal decided before any gRPC method runs (by authorization or the local-only rule) in the shape the
/// caller speaks: a gRPC caller gets a Trailers-Only response with the status and its google.rpc.Status details
/// (ErrorInfo), as the gRPC framework would write it; anyone else gets the HTTP status with the google.rpc.Status as
/// JSON, as JSON transcoding writes errors.
/// </summary>
internal static class RefusalWriter
{
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithTypeRegistry(
        TypeRegistry.FromMessages(ErrorInfo.Descriptor, RetryInfo.Descriptor, BadRequest.Descriptor)));

    public static bool IsGrpc(Microsoft.AspNetCore.Http.HttpRequest request) => request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    public static Task WriteAsync(HttpContext http, GatewayException refusal, int httpStatus)
    {
        var error = ErrorMapper.Map(refusal);
        var response = http.Response;
        if (IsGrpc(http.Request))
        {
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/grpc";
            response.Headers["grpc-status"] = ((int)error.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
            response.Headers["grpc-message"] = Uri.EscapeDataString(error.Status.Detail);
            foreach (var entry in error.Trailers)
            {
                response.Headers[entry.Key] = entry.IsBinary ? Convert.ToBase64String(entry.ValueBytes) : entry.Value;
            }

            return Task.CompletedTask;
        }

        response.StatusCode = httpStatus;
        response.ContentType = "application/json; charset=utf-8";
        var status = error.GetRpcStatus() ?? new Google.Rpc.Status { Code = (int)error.StatusCode, Message = error.Status.Detail };
        return response.WriteAsync(Json.Format(status), http.RequestAborted);
    }
}
