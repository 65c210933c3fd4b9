using System.Net;
using Azure.Storage.Sas;
using StyleFarm.Grains.Artifacts;
using StyleFarm.Silo.Storage.Artifacts;

namespace StyleFarm.Silo.Tests.Artifacts;

/// <summary>Shared Key and SAS against Azurite: what a wrong credential or a missing permission looks like.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobAuthorizationTests(AzuriteFixture azurite) : IDisposable
{
    private static readonly ArtifactKey Key = new("job-1/frame-1.png");

    private readonly RecordingHandler _recorder = new();
    private readonly HttpClient _http = new();

    public void Dispose()
    {
        _http.Dispose();
        _recorder.Dispose();
    }

    [Fact]
    public async Task WrongAccountKeyFailsWithAClearErrorNamingTheAccountAndIsNotRetried()
    {
        using var recorded = new HttpClient(_recorder, disposeHandler: false);
        var wrongKey = Convert.ToBase64String(new byte[64]);
        var options = AzureTestOptions.For(azurite.Server.Account with { AccountKey = wrongKey });
        var store = new AzureBlobArtifactStore(options, recorded);

        var put = await Assert.ThrowsAsync<ArtifactStoreException>(() => store.PutAsync(Key, new byte[] { 1, 2, 3 }));
        var exists = await Assert.ThrowsAsync<ArtifactStoreException>(() => store.ExistsAsync(Key));

        Assert.False(put.IsTransient);
        Assert.Contains("account \"devstoreaccount1\"", put.Message);
        Assert.Contains("403", put.Message);
        Assert.Contains("Check AccountKey", put.Message);
        Assert.Contains("Put Blob \"job-1/frame-1.png\"", put.Message);
        Assert.Contains("account \"devstoreaccount1\"", exists.Message);
        Assert.Contains("403", exists.Message);
        // The store's one try at creating its container, one Put Blob and one HEAD: a 403 is never retried.
        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden], _recorder.Requests.Select(r => r.Status));
        Assert.DoesNotContain("Exception", put.Message);
        Assert.DoesNotContain("\n", put.Message);
    }

    [Fact]
    public async Task ReadOnlySasReadsAndListsButWritesAndDeletesFailClearly()
    {
        var keyed = new AzureBlobArtifactStore(AzureTestOptions.For(azurite.Server.Account), _http);
        var bytes = TestBytes.Create(100, seed: 1);
        await keyed.PutAsync(Key, bytes);
        var readOnly = SasStore(keyed.Options, BlobContainerSasPermissions.Read | BlobContainerSasPermissions.List);

        Assert.Equal(bytes, await readOnly.GetAsync(Key));
        Assert.True(await readOnly.ExistsAsync(Key));
        Assert.Single(await ListAsync(readOnly));
        var put = await Assert.ThrowsAsync<ArtifactStoreException>(() => readOnly.PutAsync(Key, new byte[] { 9 }));
        var delete = await Assert.ThrowsAsync<ArtifactStoreException>(() => readOnly.DeleteAsync(Key));

        Assert.Contains("The SAS token for account \"devstoreaccount1\" does not allow Put Blob: it needs the 'w' permission", put.Message);
        Assert.Contains("403", put.Message);
        Assert.False(put.IsTransient);
        Assert.Contains("does not allow Delete Blob: it needs the 'd' permission", delete.Message);
        Assert.Equal(bytes, await keyed.GetAsync(Key));
    }

    [Fact]
    public async Task SasWithoutWritePermissionCannotUploadBlocksEither()
    {
        var keyed = new AzureBlobArtifactStore(AzureTestOptions.For(azurite.Server.Account), _http);
        await keyed.CreateContainerAsync();
        var readOnly = SasStore(keyed.Options, BlobContainerSasPermissions.Read | BlobContainerSasPermissions.List);

        var put = await Assert.ThrowsAsync<ArtifactStoreException>(() => readOnly.PutAsync(Key, TestBytes.Create(3 << 20, seed: 2)));

        Assert.Contains("does not allow Put Block: it needs the 'w' permission", put.Message);
        Assert.False(await keyed.ExistsAsync(Key));
    }

    [Fact]
    public async Task SasSignedForAnotherContainerIsRejectedClearly()
    {
        var keyed = new AzureBlobArtifactStore(AzureTestOptions.For(azurite.Server.Account), _http);
        await keyed.CreateContainerAsync();
        var otherContainerSas = BlobContainerSas.Create(azurite.Server.Account, "some-other-container", BlobContainerSas.ArtifactStore,
            DateTimeOffset.UtcNow.AddHours(1));
        var store = new AzureBlobArtifactStore(
            keyed.Options with { Account = keyed.Options.Account with { AccountKey = null, SasToken = otherContainerSas } }, _http);

        var put = await Assert.ThrowsAsync<ArtifactStoreException>(() => store.PutAsync(Key, new byte[] { 1 }));

        Assert.Contains("Azure rejected the SAS token for account \"devstoreaccount1\"", put.Message);
        Assert.Contains("403", put.Message);
        Assert.Contains($"Issue a new SharedAccessSignature for container \"{keyed.Options.Container}\"", put.Message);
        Assert.DoesNotContain("sig=", put.Message);
        Assert.DoesNotContain(otherContainerSas.Split("sig=")[1][..10], put.Message);
    }

    [Fact]
    public async Task ExpiredSasIsRejectedClearly()
    {
        var keyed = new AzureBlobArtifactStore(AzureTestOptions.For(azurite.Server.Account), _http);
        await keyed.PutAsync(Key, new byte[] { 1 });
        var expired = BlobContainerSas.Create(azurite.Server.Account, keyed.Options.Container, BlobContainerSas.ArtifactStore,
            DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(-1));
        var store = new AzureBlobArtifactStore(
            keyed.Options with { Account = keyed.Options.Account with { AccountKey = null, SasToken = expired } }, _http);

        var get = await Assert.ThrowsAsync<ArtifactStoreException>(() => store.GetAsync(Key));

        Assert.Contains("Azure rejected the SAS token for account \"devstoreaccount1\": its signature is wrong, it expired", get.Message);
    }

    [Fact]
    public async Task ContainerSasCannotCreateAMissingContainerAndSaysSo()
    {
        var options = AzureTestOptions.For(azurite.Server.Account);
        var store = SasStore(options, BlobContainerSas.ArtifactStore);

        var put = await Assert.ThrowsAsync<ArtifactStoreException>(() => store.PutAsync(Key, new byte[] { 1 }));

        Assert.Contains($"may not create container \"{options.Container}\"", put.Message);
        Assert.Contains("create the container beforehand", put.Message);
    }

    private AzureBlobArtifactStore SasStore(AzureBlobOptions keyed, BlobContainerSasPermissions permissions)
    {
        var sas = BlobContainerSas.Create(keyed.Account, keyed.Container, permissions, DateTimeOffset.UtcNow.AddHours(1));
        return new AzureBlobArtifactStore(keyed with { Account = keyed.Account with { AccountKey = null, SasToken = sas } }, _http);
    }

    private static async Task<List<ArtifactInfo>> ListAsync(IArtifactStore store)
    {
        var items = new List<ArtifactInfo>();
        await foreach (var item in store.ListAsync("")) items.Add(item);
        return items;
    }
}
