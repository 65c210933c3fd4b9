namespace StyleFarm.Silo.Hosting;

/// <summary>
/// The coordinator role of a SQLite farm: an exclusive lock on a file beside the store
/// (<c>STORE.coordinator.lock</c>), so of the processes sharing one store file on a machine only one
/// coordinates. The operating system releases the lock when the process ends, however it ends.
/// </summary>
public sealed class FileCoordinatorElection(string storePath) : ICoordinatorElection
{
    /// <summary>The lock file.</summary>
    public string LockPath { get; } = Path.GetFullPath(storePath) + ".coordinator.lock";

    /// <inheritdoc />
    public Task<ICoordinatorLock?> TryAcquireAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            // FileShare.None takes an exclusive advisory lock (flock) on Unix; a second holder gets an IOException.
            var file = new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return Task.FromResult<ICoordinatorLock?>(new Held(file));
        }
        catch (IOException) when (File.Exists(LockPath))
        {
            return Task.FromResult<ICoordinatorLock?>(null);
        }
    }

    private sealed class Held(FileStream file) : ICoordinatorLock
    {
        private bool _disposed;

        public Task<bool> IsHeldAsync(CancellationToken cancellationToken) => Task.FromResult(!_disposed);

        public ValueTask DisposeAsync()
        {
            _disposed = true;
            return file.DisposeAsync();
        }
    }
}
