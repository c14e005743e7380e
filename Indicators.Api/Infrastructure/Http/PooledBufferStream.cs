using System.Buffers;

namespace Indicators.Api.Infrastructure.Http;

/// <summary>
/// A write-only stream over buffers rented from <see cref="ArrayPool{T}.Shared"/>, for answers buffered before they are
/// kept (<see cref="ReadCache"/>). A <see cref="MemoryStream"/> doubles into a 128 KB array for a 66 KB view, on the large
/// object heap, once per computation; under frequent writes those arrays fragmented the heap (bench/RESULTS.md, 3
/// December: peak RSS). Here the same few buffers serve every computation.
/// </summary>
internal sealed class PooledBufferStream : Stream
{
    private byte[] buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
    private int length;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => length;

    public override long Position
    {
        get => length;
        set => throw new NotSupportedException();
    }

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> Written => buffer.AsSpan(0, length);

    public byte[] ToArray() => Written.ToArray();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> bytes)
    {
        if (length + bytes.Length > buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(buffer.Length * 2, length + bytes.Length));
            buffer.AsSpan(0, length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = larger;
        }
        bytes.CopyTo(buffer.AsSpan(length));
        length += bytes.Length;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default)
    {
        Write(bytes.Span);
        return ValueTask.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = [];
            length = 0;
        }
        base.Dispose(disposing);
    }
}
