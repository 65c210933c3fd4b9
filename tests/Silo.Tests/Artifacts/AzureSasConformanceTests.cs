using StyleFarm.Grains.Artifacts;
using StyleFarm.Silo.Storage.Artifacts;

namespace StyleFarm.Silo.Tests.Artifacts;

/// <summary>
/// The conformance suite on an <see cref="AzureBlobArtifactStore"/> authorized by a container SAS
/// (read, write, delete, list), against Azurite. The container is created beforehand with the
/// account key, as a container SAS cannot create it.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureSasConformanceTests(AzuriteFixture azurite) : ArtifactStoreConformanceTests
{
    private readonly HttpClient _http = new();

    protected override async Task<IArtifactStore> CreateStoreAsync()
    {
        var keyed = AzureTestOptions.For(azurite.Server.Account);
        await new AzureBlobArtifactStore(keyed, _http).CreateContainerAsync();
        var sas = BlobContainerSas.Create(keyed.Account, keyed.Container, BlobContainerSas.ArtifactStore, DateTimeOffset.UtcNow.AddHours(1));
        var options = keyed with { Account = keyed.Account with { AccountKey = null, SasToken = sas } };
        return new AzureBlobArtifactStore(options, _http);
    }

    public override Task DisposeAsync()
    {
        _http.Dispose();
        return Task.CompletedTask;
    }
}
