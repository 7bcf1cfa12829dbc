using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using TaskGateway.Core.Paging;
using TaskGateway.Core.Sources;
using TaskGateway.Logging;

namespace TaskGateway.Hosting;

/// <summary>
/// The page and resume token codec: keys derived from TaskGateway:PageTokenKey (and, during a rotation,
/// TaskGateway:PageTokenPreviousKey), tokens that expire after TaskGateway:PageTokenMaxAge on the gateway's clock.
/// </summary>
internal static class PageTokenExtensions
{
    public static WebApplicationBuilder AddTaskGatewayPageTokens(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IValidateOptions<GatewayOptions>, PageTokenOptionsValidator>();
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<GatewayOptions>>().Value;
            var time = sp.GetRequiredService<TimeProvider>();
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("TaskGateway.Paging");
            if (options.PageTokenKey is not { Length: > 0 } key)
            {
                Log.EphemeralPageTokenKey(logger);
                return new PageTokenCodec(RandomNumberGenerator.GetBytes(32), time, options.PageTokenMaxAge);
            }

            var previous = options.PageTokenPreviousKey is { Length: > 0 } old ? Derive(old) : null;
            var codec = new PageTokenCodec(Derive(key), time, options.PageTokenMaxAge, previous);
            Log.PageTokenKeys(logger, codec.KeyId, codec.PreviousKeyId ?? "none", codec.MaxAge);
            return codec;
        });
        return builder;
    }

    // The configured secret never seals anything itself: the codec's key is derived from it for this one purpose.
    private static byte[] Derive(string configured) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, Convert.FromBase64String(configured), 32, info: "taskgateway page tokens"u8.ToArray());
}
