using TaskGateway.Watch;

namespace TaskGateway.ScaleOut;

/// <summary>One leader poller per watched resource across replicas, chosen by a lease in Redis (see <see cref="RedisPollMembership"/>).</summary>
internal sealed class RedisPollCoordination(RedisConnection redis, RedisMac mac, RedisRejections rejections, SourceFingerprints fingerprints, TimeProvider time) : IPollCoordination
{
    public IPollMembership Join(PollerKey key, Action<SharedSnapshot> received) =>
        new RedisPollMembership(redis, mac, rejections, time, IdOf(key), key.Resource, received);

    // The key's identity in Redis: a keyed digest, so no resource name or credential scope appears in key names, and
    // of the source's fingerprint (endpoint, credential identity) as well as the alias: a deployment with another
    // PageTokenKey, another endpoint or other credentials never shares a lease or a state with this one.
    private string IdOf(PollerKey key) =>
        mac.Digest("poll", key.Source, fingerprints[key.Source], key.Resource, key.Credential, key.PastDone ? "past-done" : "live");
}
