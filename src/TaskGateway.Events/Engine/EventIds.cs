using System.Security.Cryptography;
using System.Text;

namespace TaskGateway.Events.Engine;

/// <summary>
/// An event's id from what makes it (its subscription and its dedupe key), never from the moment it was seen: every
/// replica that sees the same state names the same event, so the outbox keeps one and a receiver deduplicates
/// retries by webhook-id.
/// </summary>
internal static class EventIds
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>The dedupe key of a task's state: its name and etag.</summary>
    public static string DedupeKey(string taskName, string etag) => $"{taskName}\n{etag}";

    /// <summary>evt_ and 26 lowercase base32 characters (130 bits) of SHA-256 over the subscription id and the dedupe key.</summary>
    public static string Of(string subscriptionId, string dedupeKey)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{subscriptionId}\n{dedupeKey}"));
        var id = new StringBuilder("evt_", 30);
        var buffer = 0;
        var bits = 0;
        var index = 0;
        while (id.Length < 30)
        {
            if (bits < 5)
            {
                buffer = (buffer << 8) | hash[index++];
                bits += 8;
            }

            bits -= 5;
            id.Append(Alphabet[(buffer >> bits) & 31]);
        }

        return id.ToString();
    }
}
