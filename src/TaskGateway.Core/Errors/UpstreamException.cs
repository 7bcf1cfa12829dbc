namespace TaskGateway.Core.Errors;

/// <summary>
/// A failed backend call, carrying what the error mapping needs. Its message never holds credentials: it is
/// built from the backend's error code and message, which the backend sent to us and which hold none of ours.
/// </summary>
public sealed class UpstreamException : Exception
{
    /// <summary>Creates the exception.</summary>
    public UpstreamException(
        UpstreamFailure failure,
        string source,
        string message,
        int? httpStatus = null,
        string? errorCode = null,
        string? requestId = null,
        TimeSpan? retryAfter = null,
        IReadOnlyList<KeyValuePair<string, string>>? invalidParams = null,
        Exception? inner = null)
        : base(message, inner)
    {
        Failure = failure;
        SourceAlias = source;
        HttpStatus = httpStatus;
        ErrorCode = errorCode ?? string.Empty;
        RequestId = requestId ?? string.Empty;
        RetryAfter = retryAfter;
        InvalidParams = invalidParams ?? [];
    }

    /// <summary>What kind of failure.</summary>
    public UpstreamFailure Failure { get; }

    /// <summary>The source alias.</summary>
    public string SourceAlias { get; }

    /// <summary>The backend's HTTP status, when it answered.</summary>
    public int? HttpStatus { get; }

    /// <summary>The backend's error code (an error code or a problem type), or empty.</summary>
    public string ErrorCode { get; }

    /// <summary>The backend's request id (X-Request-Id or a correlation id), or empty.</summary>
    public string RequestId { get; }

    /// <summary>How long the backend asked us to wait, when it said.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The backend's invalid parameters: name and reason.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> InvalidParams { get; }

    /// <summary>
    /// Whether the refused request carried the caller's own upstream token (a pass-through source) rather than the
    /// gateway's credentials: a 401 then blames the caller, not the operator.
    /// </summary>
    public bool CallerCredentials { get; internal set; }

    /// <summary>The source's MaxResponseBytes, when the failure is <see cref="UpstreamFailure.ResponseTooLarge"/>.</summary>
    public long? ResponseLimitBytes { get; init; }

    /// <summary>
    /// Set when the error body was not the vendor's documented error JSON (an HTML page, text, binary): its content type
    /// (or "unknown"). The caller's message then says only the status and this type, never the body.
    /// </summary>
    public string? UndocumentedBodyType { get; init; }

    /// <summary>
    /// A short sanitised excerpt of an undocumented error body (printable characters, markup removed, at most 200
    /// characters), for ErrorInfo and the log; empty otherwise.
    /// </summary>
    public string BodyExcerpt { get; init; } = string.Empty;
}
