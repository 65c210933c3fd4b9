using System.Net;
using StyleFarm.Grains.Artifacts;
using StyleFarm.Silo.Storage.Artifacts;

namespace StyleFarm.Silo.Tests.Artifacts;

/// <summary>Which REST requests the Azure store sends, recorded on the way to Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobTransferTests : IAsyncLifetime
{
    private const int MiB = 1 << 20;
    private static readonly ArtifactKey Key = new("job-1/shot-1/flow.bin");

    private readonly RecordingHandler _recorder = new();
    private readonly HttpClient _http;
    private readonly AzureBlobArtifactStore _store;

    public AzureBlobTransferTests(AzuriteFixture azurite)
    {
        _http = new HttpClient(_recorder);
        _store = new AzureBlobArtifactStore(AzureTestOptions.For(azurite.Server.Account), _http);
    }

    public async Task InitializeAsync()
    {
        await _store.CreateContainerAsync();
        _recorder.Clear();
    }

    public Task DisposeAsync()
    {
        _http.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ObjectUpToTheThresholdIsCommittedByOnePutBlob()
    {
        await _store.PutAsync(Key, TestBytes.Create(MiB, seed: 1));

        var request = Assert.Single(_recorder.Requests);
        Assert.Equal((HttpMethod.Put, "", HttpStatusCode.Created), (request.Method, request.Comp, request.Status));
    }

    [Fact]
    public async Task StreamOfUnknownLengthGoesUpInBlocksAndOneCommit()
    {
        // The SDK does not read ahead to learn a non-seekable stream's length: even a small one is one block and its commit.
        var bytes = TestBytes.Create(1000, seed: 1);

        await _store.PutAsync(Key, new NonSeekableStream(bytes));

        Assert.Equal(["block", "blocklist"], _recorder.Requests.Select(r => r.Comp));
        Assert.Equal(bytes, await _store.GetAsync(Key));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task LargerObjectIsUploadedInBlocksAndCommittedByOneBlockList(bool fromStream)
    {
        var bytes = TestBytes.Create(5 * MiB + 1, seed: 2);

        if (fromStream) await _store.PutAsync(Key, new NonSeekableStream(bytes));
        else await _store.PutAsync(Key, bytes);

        var requests = _recorder.Requests;
        var blocks = requests.Where(r => r.Comp == "block").ToList();
        Assert.Equal(6, blocks.Count);
        Assert.All(blocks, b => Assert.Equal(HttpStatusCode.Created, b.Status));
        Assert.Equal(6, blocks.Select(b => b.Query("blockid")).Distinct().Count());
        Assert.Equal(("blocklist", HttpStatusCode.Created), (requests[^1].Comp, requests[^1].Status));
        Assert.Equal(7, requests.Count);
        Assert.Equal(bytes, await _store.GetAsync(Key));
    }

    [Fact]
    public async Task BlocksOfAFailedUploadAreNeverVisible()
    {
        var previous = TestBytes.Create(10, seed: 3);
        await _store.PutAsync(Key, previous);
        // One block at a time, so every block before the failure is uploaded.
        var sequential = new AzureBlobArtifactStore(_store.Options with { BlockUploadConcurrency = 1 }, _http);
        var faulty = new FaultInjectingArtifactStore(sequential);
        faulty.Inject(new ArtifactFault(ArtifactOperations.Put) { AfterBytes = 3 * MiB + 5 });
        _recorder.Clear();

        await Assert.ThrowsAsync<InjectedFaultException>(() => faulty.PutAsync(Key, TestBytes.Create(5 * MiB, seed: 4)));

        // Three whole blocks went up; the fourth failed while it was read.
        Assert.Equal(3, _recorder.Requests.Count(r => r.Comp == "block" && r.Status == HttpStatusCode.Created));
        Assert.DoesNotContain(_recorder.Requests, r => r.Comp == "blocklist");
        Assert.Equal(previous, await _store.GetAsync(Key));
        Assert.Equal(10, (await ListAsync("job-1/")).Single().Length);
        // A later upload of the same key commits only its own blocks.
        var next = TestBytes.Create(4 * MiB + 3, seed: 5);
        await _store.PutAsync(Key, next);
        Assert.Equal(next, await _store.GetAsync(Key));
    }

    [Fact]
    public async Task ListingFollowsContinuationMarkersPageByPage()
    {
        for (var i = 0; i < 7; i++) await _store.PutAsync(new ArtifactKey($"job-2/frame-{i}.png"), new byte[] { (byte)i });
        _recorder.Clear();

        var keys = (await ListAsync("job-2/")).Select(i => i.Key.Value).ToList();

        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"job-2/frame-{i}.png"), keys);
        var pages = _recorder.Requests;
        Assert.Equal(4, pages.Count);
        Assert.All(pages, p => Assert.Equal(("list", "2", "job-2/"), (p.Comp, p.Query("maxresults"), p.Query("prefix"))));
        Assert.Null(pages[0].Query("marker"));
        Assert.All(pages.Skip(1), p => Assert.False(string.IsNullOrEmpty(p.Query("marker"))));
    }

    [Fact]
    public async Task MissingContainerIsCreatedBeforeTheFirstWriteAndReadsAsEmptyBefore()
    {
        var options = _store.Options with { Container = "t" + Guid.NewGuid().ToString("N")[..20] };
        var store = new AzureBlobArtifactStore(options, _http);

        Assert.False(await store.ExistsAsync(Key));
        await Assert.ThrowsAsync<ArtifactNotFoundException>(() => store.GetAsync(Key));
        Assert.Empty(await ListAsync("", store));
        _recorder.Clear();
        await store.PutAsync(Key, new byte[] { 1, 2 });

        // The SDK creates no container: the store creates it once, before its first write.
        Assert.Equal(
            [("container", HttpStatusCode.Created), ("", HttpStatusCode.Created)],
            _recorder.Requests.Select(r => (r.Query("restype") ?? "", r.Status)));
        Assert.Equal(new byte[] { 1, 2 }, await store.GetAsync(Key));
    }

    private Task<List<ArtifactInfo>> ListAsync(string prefix) => ListAsync(prefix, _store);

    private static async Task<List<ArtifactInfo>> ListAsync(string prefix, IArtifactStore store)
    {
        var items = new List<ArtifactInfo>();
        await foreach (var item in store.ListAsync(prefix)) items.Add(item);
        return items;
    }
}
