using StyleFarm.Grains.Artifacts;
using StyleFarm.Silo.Storage.Artifacts;

namespace StyleFarm.Silo.Tests.Artifacts;

/// <summary>What only the folder store does: its layout on disk and its one limitation.</summary>
public sealed class FolderArtifactStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly FolderArtifactStore _store;

    public FolderArtifactStoreTests()
    {
        _store = new FolderArtifactStore(_folder.Path);
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task ObjectsAreFilesUnderObjectsNamedByTheirKeys()
    {
        var bytes = TestBytes.Create(100, seed: 1);

        await _store.PutAsync(new ArtifactKey("job-1/shot-2/frame-3.png"), bytes);

        var path = Path.Combine(_folder.Path, "objects", "job-1", "shot-2", "frame-3.png");
        Assert.Equal(path, _store.PathOf(new ArtifactKey("job-1/shot-2/frame-3.png")));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(path));
        Assert.Empty(Directory.GetFiles(Path.Combine(_folder.Path, "staging")));
    }

    [Fact]
    public async Task FailedAndCancelledWritesLeaveNoTemporaryFileBehind()
    {
        var faulty = new FaultInjectingArtifactStore(_store);
        faulty.Inject(new ArtifactFault(ArtifactOperations.Put) { AfterBytes = 10 });
        using var cancel = new CancellationTokenSource();

        await Assert.ThrowsAsync<InjectedFaultException>(() => faulty.PutAsync(new ArtifactKey("a/b"), TestBytes.Create(100, seed: 2)));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _store.PutAsync(new ArtifactKey("a/c"), new CancellingStream(TestBytes.Create(100, seed: 3), 50, cancel), cancel.Token));

        Assert.Empty(Directory.GetFiles(_folder.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task StrayTemporaryFilesAreNeverListed()
    {
        await _store.PutAsync(new ArtifactKey("job-1/a"), new byte[] { 1 });
        await File.WriteAllBytesAsync(Path.Combine(_folder.Path, "staging", "0123.tmp"), new byte[] { 2 });

        var keys = new List<string>();
        await foreach (var item in _store.ListAsync("")) keys.Add(item.Key.Value);

        Assert.Equal(["job-1/a"], keys);
    }

    [Fact]
    public async Task OpenStreamKeepsReadingTheVersionItOpened()
    {
        var key = new ArtifactKey("job-1/flow.bin");
        var first = TestBytes.Create(300_000, seed: 4);
        await _store.PutAsync(key, first);

        await using var reader = await _store.OpenReadAsync(key);
        var head = new byte[1000];
        await reader.ReadExactlyAsync(head);
        await _store.PutAsync(key, TestBytes.Create(300_000, seed: 5));
        using var rest = new MemoryStream();
        await reader.CopyToAsync(rest);

        Assert.Equal(first, head.Concat(rest.ToArray()));
    }

    [Fact]
    public async Task KeyThatIsAFolderOfOtherKeysCannotBeAnObject()
    {
        await _store.PutAsync(new ArtifactKey("job-1/shot-1/frame-1.png"), new byte[] { 1 });

        var error = await Assert.ThrowsAsync<ArtifactStoreException>(() => _store.PutAsync(new ArtifactKey("job-1/shot-1"), new byte[] { 2 }));

        Assert.Contains("Cannot put \"job-1/shot-1\"", error.Message);
        Assert.Contains("a key cannot name both an object and a folder", error.Message);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task KeyBelowAnObjectCannotBeStored()
    {
        await _store.PutAsync(new ArtifactKey("job-1/shot-1"), new byte[] { 1 });

        var error = await Assert.ThrowsAsync<ArtifactStoreException>(() => _store.PutAsync(new ArtifactKey("job-1/shot-1/frame-1.png"), new byte[] { 2 }));

        Assert.Contains("Cannot put \"job-1/shot-1/frame-1.png\"", error.Message);
        Assert.Equal(new byte[] { 1 }, await _store.GetAsync(new ArtifactKey("job-1/shot-1")));
    }
}
