namespace StyleFarm.Grains.Artifacts;

/// <summary>One committed artifact, as a listing returns it.</summary>
/// <param name="Key">Its key.</param>
/// <param name="Length">Its size in bytes.</param>
/// <param name="LastModified">When it was last committed, as the store reports it.</param>
public sealed record ArtifactInfo(ArtifactKey Key, long Length, DateTimeOffset LastModified);
