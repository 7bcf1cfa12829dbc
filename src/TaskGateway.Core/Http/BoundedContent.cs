using System.Buffers;
using System.Net;

namespace TaskGateway.Core.Http;

/// <summary>
/// A response body already read in full by <see cref="BoundedResponseHandler"/>, held in a pooled array that goes
/// back to the pool when the response is disposed. <see cref="UpstreamHttp"/> reads <see cref="Body"/> directly,
/// so the bytes are copied once, from the socket into this buffer.
/// </summary>
public sealed class BoundedContent : HttpContent
{
    private byte[]? _buffer;
    private readonly int _length;

    internal BoundedContent(byte[] buffer, int length)
    {
        _buffer = buffer;
        _length = length;
    }

    /// <summary>The body's bytes; valid until the response is disposed.</summary>
    public ReadOnlyMemory<byte> Body => _buffer is { } b ? b.AsMemory(0, _length) : throw new ObjectDisposedException(nameof(BoundedContent));

    /// <inheritdoc />
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        stream.WriteAsync(Body).AsTask();

    /// <inheritdoc />
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        stream.WriteAsync(Body, cancellationToken).AsTask();

    /// <inheritdoc />
    protected override Task<Stream> CreateContentReadStreamAsync() =>
        Task.FromResult<Stream>(new MemoryStream(_buffer ?? throw new ObjectDisposedException(nameof(BoundedContent)), 0, _length, writable: false));

    /// <inheritdoc />
    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        base.Dispose(disposing);
    }
}
