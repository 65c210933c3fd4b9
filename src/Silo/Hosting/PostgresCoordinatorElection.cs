using StyleFarm.Silo.Storage.Tasks;

namespace StyleFarm.Silo.Hosting;

/// <summary>The coordinator role of a PostgreSQL farm: the store's advisory lock (<see cref="PostgresTaskStore.TryAcquireCoordinatorLockAsync"/>).</summary>
public sealed class PostgresCoordinatorElection(PostgresTaskStore store) : ICoordinatorElection
{
    /// <inheritdoc />
    public async Task<ICoordinatorLock?> TryAcquireAsync(CancellationToken cancellationToken) =>
        await store.TryAcquireCoordinatorLockAsync(cancellationToken).ConfigureAwait(false) is { } held ? new Held(held) : null;

    private sealed class Held(PostgresCoordinatorLock inner) : ICoordinatorLock
    {
        public Task<bool> IsHeldAsync(CancellationToken cancellationToken) => inner.IsHeldAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
