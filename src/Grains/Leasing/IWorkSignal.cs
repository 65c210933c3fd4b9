using StyleFarm.Grains.Signals;

namespace StyleFarm.Grains.Leasing;

/// <summary>
/// Wakes idle workers when a task may have become leasable (a task became Ready, a job became
/// Planning or Running, a blocklist was lifted), so a worker that found nothing waits on the signal
/// with a long timeout instead of polling the store fast. A worker listens before its first lease
/// attempt: <c>using var work = await store.ListenForWorkAsync(ct); while (…) { if (await
/// store.TryLeaseAsync(…) is null) await work.WaitAsync(idle, ct); }</c>.
/// </summary>
public interface IWorkSignal
{
    /// <summary>A listener set by every wake-up after this call returns (PostgreSQL: once LISTEN is in place).</summary>
    Task<SignalListener> ListenForWorkAsync(CancellationToken cancellationToken);
}
