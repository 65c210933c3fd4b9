using StyleFarm.Grains.Artifacts;
using StyleFarm.Silo.Storage.Artifacts;

namespace StyleFarm.Silo.Tests.Artifacts;

/// <summary>
/// What every <see cref="IArtifactStore"/> must do. A back end passes by deriving from this class
/// and creating its store with <see cref="BlockSize"/>-sized blocks (where it has blocks) and
/// listings of <see cref="ListPageSize"/> items per page (where it pages).
/// </summary>
public abstract class ArtifactStoreConformanceTests : IAsyncLifetime
{
    /// <summary>The block size (and single-put threshold) back ends with blocks use here.</summary>
    protected const int BlockSize = 1 << 20;

    /// <summary>Listing page size for back ends that page, small so that listings span pages.</summary>
    protected const int ListPageSize = 2;

    // Above the block threshold, and not a whole number of blocks.
    private const int LargeSize = 5 * BlockSize + 12345;

    private FaultInjectingArtifactStore? _store;

    /// <summary>The store under test, wrapped so tests can inject faults.</summary>
    protected FaultInjectingArtifactStore Store => _store ?? throw new InvalidOperationException("The store is not created yet.");

    /// <summary>A new, empty store.</summary>
    protected abstract Task<IArtifactStore> CreateStoreAsync();

    public virtual async Task InitializeAsync() => _store = new FaultInjectingArtifactStore(await CreateStoreAsync());

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task SmallObjectRoundTripsByteExact()
    {
        var key = new ArtifactKey("job-1/shot-1/seg-0/pass-0/frame-00001.png");
        var bytes = TestBytes.Create(1000, seed: 1);

        await Store.PutAsync(key, bytes);

        Assert.Equal(bytes, await Store.GetAsync(key));
        Assert.Equal(bytes, await ReadAllAsync(key));
    }

    [Fact]
    public async Task SmallObjectPutFromAStreamRoundTripsByteExact()
    {
        var key = new ArtifactKey("job-1/flow/seg-0/forward-1.flo");
        var bytes = TestBytes.Create(70_000, seed: 2);

        await Store.PutAsync(key, new NonSeekableStream(bytes));

        Assert.Equal(bytes, await Store.GetAsync(key));
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("seekable stream")]
    [InlineData("non-seekable stream")]
    public async Task LargeObjectAboveTheBlockThresholdRoundTripsByteExact(string source)
    {
        var key = new ArtifactKey($"job-1/out/large-{source.Replace(' ', '-')}.raw");
        var bytes = TestBytes.Create(LargeSize, seed: 3);

        switch (source)
        {
            case "memory": await Store.PutAsync(key, bytes); break;
            case "seekable stream": await Store.PutAsync(key, new MemoryStream(bytes)); break;
            default: await Store.PutAsync(key, new NonSeekableStream(bytes)); break;
        }

        Assert.Equal(bytes, await Store.GetAsync(key));
        Assert.Equal(bytes, await ReadAllAsync(key));
        var listed = Assert.Single(await ListAsync("job-1/out/"));
        Assert.Equal(LargeSize, listed.Length);
    }

    [Fact]
    public async Task EmptyObjectRoundTrips()
    {
        var key = new ArtifactKey("job-1/markers/done");

        await Store.PutAsync(key, ReadOnlyMemory<byte>.Empty);

        Assert.Empty(await Store.GetAsync(key));
        Assert.True(await Store.ExistsAsync(key));
        Assert.Equal(0, Assert.Single(await ListAsync("job-1/markers/")).Length);
    }

    [Fact]
    public async Task PutOverwritesTheObjectUnderTheSameKey()
    {
        var key = new ArtifactKey("job-1/shot-1/seg-0/pass-1/frame-00007.png");
        await Store.PutAsync(key, TestBytes.Create(LargeSize, seed: 4));
        var second = TestBytes.Create(333, seed: 5);

        await Store.PutAsync(key, second);

        Assert.Equal(second, await Store.GetAsync(key));
        Assert.Equal(333, Assert.Single(await ListAsync("job-1/")).Length);
    }

    [Fact]
    public async Task RewritingTheSameBytesLeavesTheSameObject()
    {
        var key = new ArtifactKey("job-1/shot-1/seg-0/pass-1/frame-00008.png");
        var bytes = TestBytes.Create(2048, seed: 6);

        await Store.PutAsync(key, bytes);
        await Store.PutAsync(key, new MemoryStream(bytes));

        Assert.Equal(bytes, await Store.GetAsync(key));
        Assert.Single(await ListAsync(""));
    }

    [Fact]
    public async Task ExistsFollowsPutAndDelete()
    {
        var key = new ArtifactKey("job-2/frame-1.png");
        Assert.False(await Store.ExistsAsync(key));

        await Store.PutAsync(key, TestBytes.Create(10, seed: 7));
        Assert.True(await Store.ExistsAsync(key));

        Assert.True(await Store.DeleteAsync(key));
        Assert.False(await Store.ExistsAsync(key));
        Assert.False(await Store.DeleteAsync(key));
        await Assert.ThrowsAsync<ArtifactNotFoundException>(() => Store.GetAsync(key));
    }

    [Fact]
    public async Task DeletingOneKeyLeavesItsNeighboursAlone()
    {
        var kept = new ArtifactKey("job-2/shot-1/frame-1.png");
        var deleted = new ArtifactKey("job-2/shot-1/frame-10.png");
        await Store.PutAsync(kept, TestBytes.Create(10, seed: 8));
        await Store.PutAsync(deleted, TestBytes.Create(10, seed: 9));

        await Store.DeleteAsync(deleted);

        Assert.Equal([kept], (await ListAsync("job-2/")).Select(i => i.Key));
    }

    [Fact]
    public async Task ListByPrefixReturnsExactlyTheMatchingKeysInOrdinalOrder()
    {
        string[] keys = ["job-1/shot-2/a", "job-1/shot-1/b", "job-10/x", "job-1/shot-10/a", "job-2/shot-1/a", "job-1/shot-1/a"];
        for (var i = 0; i < keys.Length; i++)
            await Store.PutAsync(new ArtifactKey(keys[i]), TestBytes.Create(i + 1, seed: i));

        Assert.Equal(["job-1/shot-1/a", "job-1/shot-1/b", "job-1/shot-10/a"], await ListKeysAsync("job-1/shot-1"));
        Assert.Equal(["job-1/shot-1/a", "job-1/shot-1/b"], await ListKeysAsync("job-1/shot-1/"));
        Assert.Equal(["job-1/shot-1/a", "job-1/shot-1/b", "job-1/shot-10/a", "job-1/shot-2/a"], await ListKeysAsync("job-1/"));
        Assert.Equal(["job-1/shot-1/a", "job-1/shot-1/b", "job-1/shot-10/a", "job-1/shot-2/a", "job-10/x"], await ListKeysAsync("job-1"));
        Assert.Equal(keys.Order(StringComparer.Ordinal), await ListKeysAsync(""));
        Assert.Empty(await ListKeysAsync("job-3/"));
        Assert.Empty(await ListKeysAsync("job-1/shot-1/a/"));
        // Lengths are the committed sizes: key i holds i + 1 bytes.
        Assert.Equal([6L, 2L], (await ListAsync("job-1/shot-1/")).Select(i => i.Length));
    }

    [Fact]
    public async Task ListingReportsTheCommittedLengthAndTime()
    {
        var before = DateTimeOffset.UtcNow;
        await Store.PutAsync(new ArtifactKey("job-3/frame-1.png"), TestBytes.Create(4321, seed: 22));
        var after = DateTimeOffset.UtcNow;

        var item = Assert.Single(await ListAsync("job-3/"));

        Assert.Equal(4321, item.Length);
        // Azure reports whole seconds; allow for that and for clock rounding.
        Assert.InRange(item.LastModified, before.AddSeconds(-2), after.AddSeconds(2));
    }

    [Fact]
    public async Task ListingSpansEveryPage()
    {
        // Seven objects are four pages of two; one object outside the prefix.
        var expected = Enumerable.Range(0, 7).Select(i => $"job-4/pass-0/frame-{i:D5}.png").ToArray();
        foreach (var key in expected.Reverse()) await Store.PutAsync(new ArtifactKey(key), TestBytes.Create(16, seed: 10));
        await Store.PutAsync(new ArtifactKey("job-4/pass-1/frame-00000.png"), TestBytes.Create(16, seed: 11));

        Assert.Equal(expected, await ListKeysAsync("job-4/pass-0/"));
    }

    [Fact]
    public async Task ListingAnEmptyStoreReturnsNothing()
    {
        Assert.Empty(await ListAsync(""));
        Assert.Empty(await ListAsync("job-1/"));
    }

    [Fact]
    public async Task MissingKeyThrowsArtifactNotFoundNamingTheKey()
    {
        var key = new ArtifactKey("job-9/shot-1/frame-00001.png");

        var fromGet = await Assert.ThrowsAsync<ArtifactNotFoundException>(() => Store.GetAsync(key));
        var fromOpen = await Assert.ThrowsAsync<ArtifactNotFoundException>(() => Store.OpenReadAsync(key));

        Assert.Equal(key, fromGet.Key);
        Assert.Equal(key, fromOpen.Key);
        Assert.Contains("\"job-9/shot-1/frame-00001.png\"", fromGet.Message);
        Assert.False(fromGet.IsTransient);
    }

    [Fact]
    public async Task AKeyThatIsOnlyAPrefixOfStoredKeysIsNotAnObject()
    {
        await Store.PutAsync(new ArtifactKey("job-5/shot-1/frame-1.png"), TestBytes.Create(4, seed: 12));

        var folderLike = new ArtifactKey("job-5/shot-1");
        Assert.False(await Store.ExistsAsync(folderLike));
        await Assert.ThrowsAsync<ArtifactNotFoundException>(() => Store.GetAsync(folderLike));
        Assert.False(await Store.DeleteAsync(folderLike));
    }

    [Theory]
    [InlineData("/job-1")]
    [InlineData("job-1/../job-2/")]
    [InlineData("../")]
    [InlineData("job-1\\shot-1")]
    [InlineData("job-1/\u0007")]
    public void InvalidPrefixesAreRejectedBeforeAnyListing(string prefix)
    {
        var error = Assert.Throws<ArgumentException>(() => Store.ListAsync(prefix));
        Assert.Contains("Invalid artifact key prefix", error.Message);
    }

    [Theory]
    [InlineData("job 1/shot #2/frame (1).png")]
    [InlineData("job-1/ß-über/Ω.png")]
    [InlineData("job-1/a+b=c&d?e%20f;g,h'i!j*k~l.png")]
    [InlineData("job-1/emoji-🎬.png")]
    public async Task KeysWithSpacesPunctuationAndUnicodeRoundTrip(string text)
    {
        var key = new ArtifactKey(text);
        var bytes = TestBytes.Create(100, seed: 13);

        await Store.PutAsync(key, bytes);

        Assert.Equal(bytes, await Store.GetAsync(key));
        Assert.True(await Store.ExistsAsync(key));
        Assert.Equal([text], await ListKeysAsync("job"));
        Assert.True(await Store.DeleteAsync(key));
    }

    [Theory]
    [InlineData(1000, 500)]
    [InlineData(LargeSize, 2 * BlockSize + BlockSize / 2)]
    public async Task WriteThatFailsMidwayLeavesNoObject(int size, int failAfter)
    {
        var key = new ArtifactKey("job-6/frame-1.png");
        Store.Inject(new ArtifactFault(ArtifactOperations.Put) { AfterBytes = failAfter });

        await Assert.ThrowsAsync<InjectedFaultException>(() => Store.PutAsync(key, TestBytes.Create(size, seed: 14)));

        Assert.Equal(1, Store.FaultsFired);
        Assert.False(await Store.ExistsAsync(key));
        await Assert.ThrowsAsync<ArtifactNotFoundException>(() => Store.GetAsync(key));
        Assert.Empty(await ListAsync(""));
    }

    [Theory]
    [InlineData(1000, 500)]
    [InlineData(LargeSize, 2 * BlockSize + BlockSize / 2)]
    public async Task WriteThatFailsMidwayKeepsThePreviousVersion(int size, int failAfter)
    {
        var key = new ArtifactKey("job-6/frame-2.png");
        var previous = TestBytes.Create(size + 7, seed: 15);
        await Store.PutAsync(key, previous);
        Store.Inject(new ArtifactFault(ArtifactOperations.Put) { AfterBytes = failAfter });

        await Assert.ThrowsAsync<InjectedFaultException>(() => Store.PutAsync(key, new NonSeekableStream(TestBytes.Create(size, seed: 16))));

        Assert.Equal(previous, await Store.GetAsync(key));
        Assert.Equal(size + 7, Assert.Single(await ListAsync("")).Length);
    }

    [Theory]
    [InlineData(1000, 500)]
    [InlineData(LargeSize, 3 * BlockSize + 100)]
    public async Task CancelledWriteKeepsThePreviousVersion(int size, int cancelAfter)
    {
        var key = new ArtifactKey("job-6/frame-3.png");
        var previous = TestBytes.Create(100, seed: 17);
        await Store.PutAsync(key, previous);
        using var cancel = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Store.PutAsync(key, new CancellingStream(TestBytes.Create(size, seed: 18), cancelAfter, cancel), cancel.Token));

        Assert.Equal(previous, await Store.GetAsync(key));
        Assert.Single(await ListAsync(""));
    }

    [Fact]
    public async Task ReadersSeeThePreviousVersionUntilTheWriteCommits()
    {
        var key = new ArtifactKey("job-7/flow.bin");
        var previous = TestBytes.Create(3000, seed: 19);
        var next = TestBytes.Create(LargeSize, seed: 20);
        await Store.PutAsync(key, previous);
        var gate = new GatedStream(next, gateAt: 3 * BlockSize + 17);

        var write = Store.PutAsync(key, gate);
        await gate.Reached.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(previous, await Store.GetAsync(key));
        Assert.Equal(3000, Assert.Single(await ListAsync("job-7/")).Length);
        gate.Release();
        await write.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(next, await Store.GetAsync(key));
    }

    [Fact]
    public async Task FailedReadLeavesTheObjectReadable()
    {
        var key = new ArtifactKey("job-8/frame-1.png");
        var bytes = TestBytes.Create(5000, seed: 21);
        await Store.PutAsync(key, bytes);
        Store.Inject(new ArtifactFault(ArtifactOperations.Get) { AfterBytes = 1000 });

        await Assert.ThrowsAsync<InjectedFaultException>(() => Store.GetAsync(key));

        Assert.Equal(bytes, await Store.GetAsync(key));
    }

    protected async Task<byte[]> ReadAllAsync(ArtifactKey key)
    {
        await using var stream = await Store.OpenReadAsync(key);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    protected async Task<List<ArtifactInfo>> ListAsync(string prefix)
    {
        var items = new List<ArtifactInfo>();
        await foreach (var item in Store.ListAsync(prefix)) items.Add(item);
        return items;
    }

    protected async Task<List<string>> ListKeysAsync(string prefix) => (await ListAsync(prefix)).Select(i => i.Key.Value).ToList();
}
