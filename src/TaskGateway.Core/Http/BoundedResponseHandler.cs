using System.Buffers;

namespace TaskGateway.Core.Http;

/// <summary>
/// Reads each attempt's response body to the end inside the resilience pipeline, so that the attempt and total
/// timeouts cover the body as well as the headers: a body trickled slower than the attempt timeout ends as a timeout
/// the retry strategy sees. The source's size limit is enforced on the bytes as they arrive (after decompression),
/// never buffering past it: a larger answer throws <see cref="UpstreamResponseTooLargeException"/> and its connection
/// is dropped with the unread response. Sits between the resilience handler and the auth handler.
/// </summary>
public sealed class BoundedResponseHandler : DelegatingHandler
{
    // A body of unknown length starts here and doubles: most task answers are a few KiB.
    private const int InitialBuffer = 16 * 1024;

    private readonly int _maxBytes;

    /// <summary>Creates the handler for a source's MaxResponseBytes.</summary>
    public BoundedResponseHandler(int maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        _maxBytes = maxBytes;
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            var content = response.Content;
            var declared = content.Headers.ContentLength;
            if (declared > _maxBytes)
            {
                throw new UpstreamResponseTooLargeException(_maxBytes);
            }

            var (buffer, length) = await ReadBoundedAsync(content, declared, cancellationToken).ConfigureAwait(false);
            var bounded = new BoundedContent(buffer, length);
            // As received: enumerating the headers themselves would parse every value on every call.
            foreach (var (name, values) in content.Headers.NonValidated)
            {
                _ = values.Count == 1
                    ? bounded.Headers.TryAddWithoutValidation(name, values.ToString())
                    : bounded.Headers.TryAddWithoutValidation(name, values);
            }

            response.Content = bounded;
            content.Dispose();
            return response;
        }
        catch
        {
            // Disposing a response whose body is unread closes its connection rather than reading on.
            response.Dispose();
            throw;
        }
    }

    private async Task<(byte[] Buffer, int Length)> ReadBoundedAsync(HttpContent content, long? declared, CancellationToken cancellationToken)
    {
        // Never more than the limit is held: the pool's buckets are powers of two, so a cap of exactly 4 MiB rents
        // 4 MiB where one byte more would rent 8.
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(_maxBytes, declared is { } d ? Math.Max(d, 1) : InitialBuffer));
        var length = 0;
        try
        {
            var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                while (true)
                {
                    var room = Math.Min(buffer.Length, _maxBytes) - length;
                    if (room == 0)
                    {
                        if (length >= _maxBytes)
                        {
                            // Full at the limit: one more byte means the body exceeds it.
                            if (await stream.ReadAsync(new byte[1], cancellationToken).ConfigureAwait(false) > 0)
                            {
                                throw new UpstreamResponseTooLargeException(_maxBytes);
                            }

                            return (buffer, length);
                        }

                        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(_maxBytes, (long)buffer.Length * 2));
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                        continue;
                    }

                    var read = await stream.ReadAsync(buffer.AsMemory(length, room), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return (buffer, length);
                    }

                    length += read;
                }
            }
        }
        catch (IOException e) when (!cancellationToken.IsCancellationRequested)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            // A connection reset mid-body is a transport failure like one before the headers: retried, then UNAVAILABLE.
            throw new HttpRequestException(HttpRequestError.ResponseEnded, "The upstream connection failed while the body was read.", e);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }
}
