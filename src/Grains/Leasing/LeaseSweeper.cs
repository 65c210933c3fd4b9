using System.Globalization;
using StyleFarm.Grains.Silos;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Leasing;

/// <summary>
/// Takes back leases whose holders stopped: a lease is expired when its expiry time has come without
/// renewal, or when its silo is dead by <see cref="SiloHealth"/> (then it is taken back at once rather
/// than at expiry). Each counts as a failed attempt: the task becomes Ready after a backoff, or
/// Failed when its attempts are used up. Run by the coordinator role on a timer.
/// </summary>
public sealed class LeaseSweeper
{
    private readonly ILeaseSweeperStore _store;
    private readonly RetryPolicy _retry;
    private readonly SiloHealth _health;
    private readonly TimeProvider _time;

    /// <summary>Sweeps <paramref name="store"/> on the clock of <paramref name="time"/>.</summary>
    public LeaseSweeper(ILeaseSweeperStore store, RetryPolicy retry, SiloHealth health, TimeProvider time)
    {
        _store = store;
        _retry = retry;
        _health = health;
        _time = time;
    }

    /// <summary>The leases of <paramref name="leased"/> that are expired at <paramref name="now"/>, with their failures. Pure.</summary>
    public IReadOnlyList<ExpiredLease> FindExpired(IEnumerable<TaskRecord> leased, IEnumerable<SiloRecord> silos, DateTimeOffset now)
    {
        var known = silos.ToDictionary(s => s.Id);
        var expired = new List<ExpiredLease>();
        foreach (var task in leased)
        {
            if (task.State != TaskState.Leased || task.Lease is not { } lease) continue;
            if (lease.ExpiresAt <= now)
            {
                var error = string.Create(CultureInfo.InvariantCulture,
                    $"lease of silo {lease.Silo} expired at {lease.ExpiresAt:O} without a heartbeat (granted {lease.AcquiredAt:O})");
                expired.Add(new ExpiredLease(task, _retry.OnFailure(task, FailureCause.Expired, error, now)));
            }
            else if (known.TryGetValue(lease.Silo, out var silo) && _health.IsDead(silo, now))
            {
                var error = string.Create(CultureInfo.InvariantCulture,
                    $"silo {lease.Silo} stopped heartbeating (last at {silo.LastHeartbeat:O}); its lease was taken back");
                expired.Add(new ExpiredLease(task, _retry.OnFailure(task, FailureCause.SiloDead, error, now)));
            }
        }
        return expired;
    }

    /// <summary>Finds the expired leases now and takes each back; returns those actually taken back.</summary>
    public async Task<IReadOnlyList<ExpiredLease>> SweepAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var leased = await _store.ListLeasedAsync(cancellationToken).ConfigureAwait(false);
        var silos = await _store.ListSilosAsync(cancellationToken).ConfigureAwait(false);
        var taken = new List<ExpiredLease>();
        foreach (var expired in FindExpired(leased, silos, now))
        {
            // A renewal or commit that raced the sweep wins: the store refuses a changed lease.
            if (await _store.ExpireAsync(expired.Failure, expired.Task.Lease!.ExpiresAt, cancellationToken).ConfigureAwait(false))
                taken.Add(expired);
        }
        return taken;
    }
}
