using System.Reflection;
using System.Security.Cryptography;

namespace TaskGateway.WebConsole;

/// <summary>
/// The console's files, embedded in this assembly (logical names "console/{file}") and read once: the page is
/// shipped inside the gateway, so nothing is fetched from disk, a CDN or another origin, and each file's ETag is
/// a hash computed once rather than per request.
/// </summary>
internal sealed class ConsoleAssets
{
    /// <summary>The logical name prefix of the console's embedded files (see TaskGateway.csproj).</summary>
    public const string ResourcePrefix = "console/";

    /// <summary>The HTML shell served at / and every /console page.</summary>
    public const string ShellName = "index.html";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    };

    private readonly Dictionary<string, ConsoleAsset> _files;

    public ConsoleAssets()
        : this(typeof(ConsoleAssets).Assembly)
    {
    }

    internal ConsoleAssets(Assembly assembly) =>
        _files = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Select(n => Load(assembly, n))
            .ToDictionary(a => a.Name, StringComparer.Ordinal);

    /// <summary>Every file, the shell included.</summary>
    public IReadOnlyCollection<ConsoleAsset> All => _files.Values;

    /// <summary>The HTML shell.</summary>
    public ConsoleAsset Shell => _files[ShellName];

    /// <summary>A file served under /console/assets/ (names are exact and case-sensitive; the shell is not one).</summary>
    public ConsoleAsset? Find(string name) =>
        name != ShellName && _files.TryGetValue(name, out var asset) ? asset : null;

    /// <summary>The content type of a file name; files of other types are not embedded as console assets.</summary>
    public static string ContentTypeOf(string name) =>
        ContentTypes.TryGetValue(Path.GetExtension(name), out var type) ? type : throw new InvalidOperationException($"The console file '{name}' has no known content type.");

    private static ConsoleAsset Load(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var bytes = copy.ToArray();
        var name = resource[ResourcePrefix.Length..];
        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 16)) + "\"";
        return new ConsoleAsset(name, ContentTypeOf(name), bytes, etag);
    }
}
