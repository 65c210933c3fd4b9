using StyleFarm.Grains.Artifacts;
using StyleFarm.Silo.Storage.Artifacts;

namespace StyleFarm.Silo.Tests.Artifacts;

/// <summary>The conformance suite on a <see cref="FolderArtifactStore"/> in a temporary folder.</summary>
public sealed class FolderArtifactStoreConformanceTests : ArtifactStoreConformanceTests
{
    private readonly TempFolder _folder = new();

    protected override Task<IArtifactStore> CreateStoreAsync() => Task.FromResult<IArtifactStore>(new FolderArtifactStore(_folder.Path));

    public override Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }
}
