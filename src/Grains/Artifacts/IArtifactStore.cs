namespace StyleFarm.Grains.Artifacts;

/// <summary>
/// Byte objects under <see cref="ArtifactKey"/>s: the frames, flows and outputs of a render.
/// </summary>
/// <remarks>
/// Writes are atomic: a reader sees either the previous object under a key or the complete new one,
/// never a partial object, and a write that fails or is cancelled leaves the previous object (or
/// none) in place. When a put returns, the object is committed; a task may then be marked done.
/// Errors of the store itself are <see cref="ArtifactStoreException"/>s; errors of a caller's
/// source stream propagate unchanged.
/// </remarks>
public interface IArtifactStore
{
    /// <summary>Commits <paramref name="content"/> under <paramref name="key"/>, replacing any previous object.</summary>
    Task PutAsync(ArtifactKey key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads <paramref name="content"/> to its end and commits it under <paramref name="key"/>,
    /// replacing any previous object. Nothing is committed if reading the stream fails.
    /// </summary>
    Task PutAsync(ArtifactKey key, Stream content, CancellationToken cancellationToken = default);

    /// <summary>The whole object under <paramref name="key"/>.</summary>
    /// <exception cref="ArtifactNotFoundException">Nothing is committed under the key.</exception>
    Task<byte[]> GetAsync(ArtifactKey key, CancellationToken cancellationToken = default);

    /// <summary>A stream over the object under <paramref name="key"/>, as committed when the call was made; the caller disposes it.</summary>
    /// <exception cref="ArtifactNotFoundException">Nothing is committed under the key.</exception>
    Task<Stream> OpenReadAsync(ArtifactKey key, CancellationToken cancellationToken = default);

    /// <summary>Whether an object is committed under <paramref name="key"/>.</summary>
    Task<bool> ExistsAsync(ArtifactKey key, CancellationToken cancellationToken = default);

    /// <summary>Removes the object under <paramref name="key"/>; true if there was one.</summary>
    Task<bool> DeleteAsync(ArtifactKey key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every committed object whose key starts with <paramref name="prefix"/> (a plain string prefix,
    /// "" for all), in ordinal key order.
    /// </summary>
    /// <exception cref="ArgumentException">The prefix could never start a valid key (see <see cref="ArtifactKey.ValidatePrefix"/>).</exception>
    IAsyncEnumerable<ArtifactInfo> ListAsync(string prefix, CancellationToken cancellationToken = default);
}
