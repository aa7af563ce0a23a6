// Compiled into the packages that read a stream they were given and must know how much they read (linked source):
// the storage packages count a non-seekable upload's bytes; the DynamoDB package caps a remote download.
namespace Chat.DataLayer.Internal;

/// <summary>
/// A forward-only, read-only view of a stream that counts the bytes read through it and, when given a limit, fails
/// once more than that has been read. Does not own the stream.
/// </summary>
/// <param name="inner">The stream to read.</param>
/// <param name="maxBytes">The most bytes that may be read; unlimited by default.</param>
/// <param name="tooLong">Makes the exception thrown past <paramref name="maxBytes"/>; an
/// <see cref="InvalidOperationException"/> when <see langword="null"/>.</param>
internal class CountingReadStream(Stream inner, long maxBytes = long.MaxValue, Func<Exception>? tooLong = null) : Stream
{
    /// <summary>The bytes read so far.</summary>
    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    /// <summary>The bytes read so far; cannot be set.</summary>
    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Count(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).ConfigureAwait(false));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Count(int read)
    {
        BytesRead += read;
        if (BytesRead > maxBytes)
        {
            throw tooLong?.Invoke() ?? new InvalidOperationException($"More than {maxBytes} bytes were read.");
        }

        return read;
    }
}
