namespace StyleFarm.Silo.Storage.Artifacts;

/// <summary>Passes the first <c>afterBytes</c> bytes of a stream through, then throws on the next read.</summary>
internal sealed class FailingReadStream(Stream inner, long afterBytes, Func<Exception> failure, bool leaveOpen = false) : Stream
{
    private long _passed;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _passed; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var allowed = Allowed(buffer.Length);
        var read = inner.Read(buffer[..allowed]);
        _passed += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var allowed = Allowed(buffer.Length);
        var read = await inner.ReadAsync(buffer[..allowed], cancellationToken);
        _passed += read;
        return read;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !leaveOpen) inner.Dispose();
        base.Dispose(disposing);
    }

    // Reads stop exactly at the failure point; the read after it throws.
    private int Allowed(int wanted)
    {
        if (wanted == 0) return 0;
        var left = afterBytes - _passed;
        if (left <= 0) throw failure();
        return (int)Math.Min(wanted, left);
    }
}
