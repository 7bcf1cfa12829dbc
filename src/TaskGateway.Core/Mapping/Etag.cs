using System.Security.Cryptography;
using Google.Protobuf;
using TaskGateway.Contracts.V1;

namespace TaskGateway.Core.Mapping;

/// <summary>
/// Computes CloudTask.etag from the task's own wire bytes (with the etag cleared), so equal etags mean
/// nothing a caller can see has changed. Protobuf's serializer is deterministic for one message version,
/// except for map order: labels are inserted in backend order, which is stable for one backend record.
/// </summary>
public static class Etag
{
    /// <summary>Sets the task's etag.</summary>
    public static void Stamp(CloudTask task)
    {
        task.Etag = string.Empty;
        var size = task.CalculateSize();
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(size);
        try
        {
            task.WriteTo(buffer.AsSpan(0, size));
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(buffer.AsSpan(0, size), hash);
            task.Etag = Convert.ToHexStringLower(hash[..12]);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
