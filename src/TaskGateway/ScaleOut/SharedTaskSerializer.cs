using System.Buffers;
using Google.Protobuf;
using Microsoft.Extensions.Caching.Hybrid;
using TaskGateway.Contracts.V1;
using TaskGateway.Services;

namespace TaskGateway.ScaleOut;

/// <summary>A shared fetch in Redis (HybridCache's second level): the task's protobuf bytes.</summary>
internal sealed class SharedTaskSerializer : IHybridCacheSerializer<SharedFetches.SharedTask>
{
    public SharedFetches.SharedTask Deserialize(ReadOnlySequence<byte> source) => new(CloudTask.Parser.ParseFrom(source));

    public void Serialize(SharedFetches.SharedTask value, IBufferWriter<byte> target) => value.Task.WriteTo(target);
}
