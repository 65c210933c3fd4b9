using StyleFarm.Grains.Artifacts;
using StyleFarm.Grains.Telemetry;

namespace StyleFarm.Silo.Telemetry;

/// <summary>
/// Wraps a silo's artifact store and counts the bytes it moves in <c>stylefarm.artifact.bytes</c> (direction read or
/// write), whatever the store (folder, blob). Every call passes through unchanged; a write counts once committed.
/// </summary>
public sealed class MeteredArtifactStore(IArtifactStore inner, StyleFarmMetrics metrics) : IArtifactStore
{
    /// <summary>The wrapped store.</summary>
    public IArtifactStore Inner { get; } = inner;

    /// <inheritdoc />
    public override string ToString() => Inner.ToString() ?? nameof(MeteredArtifactStore);

    /// <inheritdoc />
    public async Task PutAsync(ArtifactKey key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        await Inner.PutAsync(key, content, cancellationToken).ConfigureAwait(false);
        metrics.ArtifactBytes("write", content.Length);
    }

    /// <inheritdoc />
    public async Task PutAsync(ArtifactKey key, Stream content, CancellationToken cancellationToken = default)
    {
        long read = 0;
        await using var counting = new CountingReadStream(content, n => read += n, leaveOpen: true);
        await Inner.PutAsync(key, counting, cancellationToken).ConfigureAwait(false);
        metrics.ArtifactBytes("write", read);
    }

    /// <inheritdoc />
    public async Task<byte[]> GetAsync(ArtifactKey key, CancellationToken cancellationToken = default)
    {
        var bytes = await Inner.GetAsync(key, cancellationToken).ConfigureAwait(false);
        metrics.ArtifactBytes("read", bytes.Length);
        return bytes;
    }

    /// <inheritdoc />
    public async Task<Stream> OpenReadAsync(ArtifactKey key, CancellationToken cancellationToken = default) =>
        new CountingReadStream(await Inner.OpenReadAsync(key, cancellationToken).ConfigureAwait(false), n => metrics.ArtifactBytes("read", n));

    /// <inheritdoc />
    public Task<bool> ExistsAsync(ArtifactKey key, CancellationToken cancellationToken = default) => Inner.ExistsAsync(key, cancellationToken);

    /// <inheritdoc />
    public Task<bool> DeleteAsync(ArtifactKey key, CancellationToken cancellationToken = default) => Inner.DeleteAsync(key, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<ArtifactInfo> ListAsync(string prefix, CancellationToken cancellationToken = default) => Inner.ListAsync(prefix, cancellationToken);
}
