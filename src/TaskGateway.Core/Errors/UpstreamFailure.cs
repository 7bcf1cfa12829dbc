namespace TaskGateway.Core.Errors;

/// <summary>What went wrong when talking to a backend; decides the gRPC status a caller sees.</summary>
public enum UpstreamFailure
{
    /// <summary>The backend answered with an HTTP error status.</summary>
    HttpStatus,
    /// <summary>The backend did not answer within the attempt or total timeout.</summary>
    Timeout,
    /// <summary>The connection failed or was reset.</summary>
    Transport,
    /// <summary>The backend answered 2xx with a body the gateway cannot read.</summary>
    MalformedResponse,
    /// <summary>The backend answered with a redirect, which the gateway never follows.</summary>
    Redirect,
    /// <summary>The source's circuit breaker is open after a run of failures: the call was not sent.</summary>
    CircuitOpen,
    /// <summary>The source's concurrency limit was reached: the call was not sent.</summary>
    ConcurrencyLimit,
    /// <summary>The backend's answer was larger than the source's MaxResponseBytes: the gateway stopped reading it.</summary>
    ResponseTooLarge,
}
