using TaskGateway.Core.Errors;
using TaskGateway.Core.Paging;

namespace TaskGateway.Watch;

/// <summary>
/// Resume tokens: a sealed digest of what a watcher was told, bound to its scope (source, resource and filter), so a
/// token only resumes the watch it came from.
/// </summary>
internal sealed class ResumeTokens(PageTokenCodec codec)
{
    /// <summary>The token's digest, null without a token, or a validation error for a token not issued for the scope.</summary>
    public string? Read(WatchSpec spec)
    {
        if (spec.ResumeToken.Length == 0)
        {
            return null;
        }

        return codec.Decode(spec.ResumeToken, Scope(spec), out var cursor) switch
        {
            PageTokenOutcome.Opened => cursor.Marker,
            PageTokenOutcome.Expired => throw new RequestValidationException("resume_token", "has expired; watch again without it"),
            _ => throw new RequestValidationException("resume_token", "is not a resume token this gateway issued for this resource and filter; watch again without it"),
        };
    }

    /// <summary>The token a watcher resumes with once it has been told the state of this digest.</summary>
    public string Issue(WatchSpec spec, string digest) => codec.Encode(Scope(spec), new PageCursor(0, digest));

    private static string Scope(WatchSpec spec) => $"watch\n{spec.Key.Source}\n{spec.Key.Resource}\n{spec.Filter.Text}";
}
