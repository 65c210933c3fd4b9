namespace StyleFarm.Silo.Worker;

/// <summary>
/// The worker's <see cref="IWorkSignal"/> (a version counter) fed by a task store's listener-based
/// wake-up (<see cref="Grains.Leasing.IWorkSignal"/>): <see cref="PumpAsync"/> counts every wake-up the
/// store delivers. A worker keeps polling as well, so a pump that stops only costs latency.
/// </summary>
public sealed class StoreWorkSignal : IWorkSignal
{
    private readonly WorkSignal _counter = new();

    /// <inheritdoc />
    public long Version => _counter.Version;

    /// <inheritdoc />
    public Task WaitAsync(long seen, CancellationToken cancellationToken) => _counter.WaitAsync(seen, cancellationToken);

    /// <summary>Listens to <paramref name="store"/> and counts each wake-up until <paramref name="stop"/> is cancelled.</summary>
    /// <exception cref="Exception">Whatever the store throws when it cannot listen (the caller logs it; polling goes on).</exception>
    public async Task PumpAsync(Grains.Leasing.IWorkSignal store, CancellationToken stop)
    {
        try
        {
            using var listener = await store.ListenForWorkAsync(stop).ConfigureAwait(false);
            while (true)
            {
                await listener.WaitAsync(Timeout.InfiniteTimeSpan, stop).ConfigureAwait(false);
                _counter.Notify();
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
