using StyleFarm.Grains.Artifacts;
using StyleFarm.Silo.Storage.Artifacts;

namespace StyleFarm.Silo.Tests.Artifacts;

/// <summary>The conformance suite on an <see cref="AzureBlobArtifactStore"/> with Shared Key, against Azurite; a new container per test.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureSharedKeyConformanceTests(AzuriteFixture azurite) : ArtifactStoreConformanceTests
{
    private readonly HttpClient _http = new();

    protected override Task<IArtifactStore> CreateStoreAsync() =>
        Task.FromResult<IArtifactStore>(new AzureBlobArtifactStore(AzureTestOptions.For(azurite.Server.Account), _http));

    public override Task DisposeAsync()
    {
        _http.Dispose();
        return Task.CompletedTask;
    }
}
