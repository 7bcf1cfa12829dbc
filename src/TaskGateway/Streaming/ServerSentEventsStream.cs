using System.Buffers;
using System.Text;
using System.Text.Json;

namespace TaskGateway.Streaming;

/// <summary>
/// Turns newline-delimited JSON written to it into SSE frames on the inner stream. A response that is not a
/// 200 stream (an error before the first event) passes through unchanged.
/// </summary>
internal sealed class ServerSentEventsStream : Stream
{
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] FrameEnd = "\n\n"u8.ToArray();
    private readonly Stream _inner;
    private readonly Func<bool> _isEventStream;
    private readonly ArrayBufferWriter<byte> _pending = new();
    private bool? _frames;

    public ServerSentEventsStream(Stream inner, Func<bool> isEventStream)
    {
        _inner = inner;
        _isEventStream = isEventStream;
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _frames ??= _isEventStream();
        if (_frames == false)
        {
            await _inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            return;
        }

        _pending.Write(buffer.Span);
        while (_pending.WrittenSpan.IndexOf((byte)'\n') is var newline and >= 0)
        {
            var line = _pending.WrittenSpan[..newline].ToArray();
            var rest = _pending.WrittenSpan[(newline + 1)..].ToArray();
            _pending.ResetWrittenCount();
            _pending.Write(rest);
            if (line.Length > 0)
            {
                await _inner.WriteAsync(Frame(line), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // id: resume token, event: the event type in lower case (or error for a google.rpc.Status), data: the JSON.
    private static byte[] Frame(byte[] json)
    {
        string? type = null, token = null;
        var error = false;
        var reader = new Utf8JsonReader(json);
        try
        {
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = reader.GetString();
                    reader.Read();
                    switch (name)
                    {
                        case "type" when reader.TokenType == JsonTokenType.String:
                            type = reader.GetString();
                            break;
                        case "resumeToken" when reader.TokenType == JsonTokenType.String:
                            token = reader.GetString();
                            break;
                        case "code":
                            error = true;
                            break;
                    }

                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: send it as plain data.
        }

        var header = new StringBuilder();
        if (token is { Length: > 0 })
        {
            header.Append("id: ").Append(token).Append('\n');
        }

        header.Append("event: ").Append(error ? "error" : (type ?? "message").ToLowerInvariant()).Append('\n');
        var head = Encoding.UTF8.GetBytes(header.ToString());
        var frame = new byte[head.Length + DataPrefix.Length + json.Length + FrameEnd.Length];
        head.CopyTo(frame, 0);
        DataPrefix.CopyTo(frame, head.Length);
        json.CopyTo(frame, head.Length + DataPrefix.Length);
        FrameEnd.CopyTo(frame, head.Length + DataPrefix.Length + json.Length);
        return frame;
    }
}
