namespace StyleFarm.Grains.Artifacts;

/// <summary>No committed artifact exists under a key.</summary>
public sealed class ArtifactNotFoundException(ArtifactKey key, string store)
    : ArtifactStoreException($"No artifact \"{key}\" in {store}: it was never committed or it was deleted.")
{
    /// <summary>The key that was asked for.</summary>
    public ArtifactKey Key { get; } = key;
}
