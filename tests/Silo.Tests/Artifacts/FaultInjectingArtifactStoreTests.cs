using StyleFarm.Grains.Artifacts;
using StyleFarm.Silo.Storage.Artifacts;

namespace StyleFarm.Silo.Tests.Artifacts;

public sealed class FaultInjectingArtifactStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly FaultInjectingArtifactStore _store;

    public FaultInjectingArtifactStoreTests()
    {
        _store = new FaultInjectingArtifactStore(new FolderArtifactStore(_folder.Path));
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task FaultHitsOnlyItsOperationsAndKeyPrefixForItsCount()
    {
        var hit = new ArtifactKey("job-1/frame-1.png");
        var other = new ArtifactKey("job-2/frame-1.png");
        _store.Inject(new ArtifactFault(ArtifactOperations.Put | ArtifactOperations.Exists) { KeyPrefix = "job-1/", Times = 2 });

        await _store.PutAsync(other, new byte[] { 1 });
        Assert.True(await _store.ExistsAsync(other));
        var first = await Assert.ThrowsAsync<InjectedFaultException>(() => _store.PutAsync(hit, new byte[] { 2 }));
        await Assert.ThrowsAsync<InjectedFaultException>(() => _store.ExistsAsync(hit));
        await _store.PutAsync(hit, new byte[] { 3 });

        Assert.Equal(2, _store.FaultsFired);
        Assert.True(first.IsTransient);
        Assert.Contains("Injected fault: Put \"job-1/frame-1.png\"", first.Message);
        Assert.Equal(new byte[] { 3 }, await _store.GetAsync(hit));
    }

    [Fact]
    public async Task FaultWithoutAByteCountFailsBeforeTheInnerStoreIsReached()
    {
        var key = new ArtifactKey("job-1/frame-1.png");
        _store.Inject(new ArtifactFault(ArtifactOperations.Put) { Transient = false });

        var error = await Assert.ThrowsAsync<InjectedFaultException>(() => _store.PutAsync(key, new byte[] { 1 }));

        Assert.False(error.IsTransient);
        Assert.Empty(Directory.GetFiles(_folder.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task ReadFaultPassesTheGivenBytesThenFails()
    {
        var key = new ArtifactKey("job-1/frame-1.png");
        var bytes = TestBytes.Create(1000, seed: 1);
        await _store.PutAsync(key, bytes);
        _store.Inject(new ArtifactFault(ArtifactOperations.Get) { AfterBytes = 300 });

        await using var stream = await _store.OpenReadAsync(key);
        var head = new byte[300];
        await stream.ReadExactlyAsync(head);

        Assert.Equal(bytes[..300], head);
        await Assert.ThrowsAsync<InjectedFaultException>(async () => await stream.ReadExactlyAsync(head.AsMemory(0, 1)));
    }

    [Fact]
    public async Task UntilClearedFaultFailsEveryCallThenClearingRestoresTheStore()
    {
        _store.Inject(new ArtifactFault(ArtifactOperations.All) { Times = int.MaxValue });

        for (var i = 0; i < 3; i++)
            await Assert.ThrowsAsync<InjectedFaultException>(async () => await _store.ListAsync("").GetAsyncEnumerator().MoveNextAsync());
        _store.ClearFaults();

        Assert.False(await _store.ExistsAsync(new ArtifactKey("a")));
        Assert.Equal(3, _store.FaultsFired);
    }
}
