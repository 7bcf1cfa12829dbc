using System.Security.Cryptography;
using System.Text;
using TaskGateway.Watch;

namespace TaskGateway.ScaleOut;

/// <summary>One leader poller per watched resource across replicas, chosen by a lease in Redis (see <see cref="RedisPollMembership"/>).</summary>
internal sealed class RedisPollCoordination(RedisConnection redis, TimeProvider time) : IPollCoordination
{
    public IPollMembership Join(PollerKey key, Action<SharedSnapshot> received) =>
        new RedisPollMembership(redis, time, IdOf(key), received);

    // The key's identity in Redis: a digest, so no resource name or credential scope appears in key names.
    private static string IdOf(PollerKey key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{key.Source}\n{key.Resource}\n{key.Credential}\n{key.PastDone}")).AsSpan(0, 16));
}
