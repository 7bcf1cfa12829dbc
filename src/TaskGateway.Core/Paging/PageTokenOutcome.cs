namespace TaskGateway.Core.Paging;

/// <summary>Why a page or resume token did or did not open.</summary>
public enum PageTokenOutcome
{
    /// <summary>The token opened: it was sealed by a key this gateway holds, for this scope, and has not expired.</summary>
    Opened,

    /// <summary>Not a token this gateway issued for this scope: tampered with, another key or scope, or not a token.</summary>
    Invalid,

    /// <summary>A genuine token for this scope, older than TaskGateway:PageTokenMaxAge.</summary>
    Expired,
}
