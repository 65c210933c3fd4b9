using System.Globalization;
using Microsoft.Extensions.Logging;
using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Silos;

namespace StyleFarm.Silo.Hosting;

/// <summary>
/// Takes back, when a silo starts, the leases still held under its name: they were granted to an earlier
/// process of the same silo that died without giving them up (killed, crashed, its node lost). The silo's
/// new registration heartbeats under that name, so the sweeper would never find the holder dead, and each
/// such task would wait out its whole lease (60 s by default) before running again. Each counts as a failed
/// attempt of the silo, as an expired lease does. Silo names must be unique in a farm (the registry and
/// the leases key on them), so a lease under this name is never another live process's.
/// </summary>
public sealed class PredecessorLeases(ILeaseSweeperStore store, RetryPolicy retry, TimeProvider time, ILogger log)
{
    /// <summary>Takes back the leases of <paramref name="silo"/> granted before <paramref name="startedAt"/>; returns how many.</summary>
    public async Task<int> TakeBackAsync(SiloId silo, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var taken = 0;
        foreach (var task in await store.ListLeasedAsync(cancellationToken).ConfigureAwait(false))
        {
            if (task.Lease is not { } lease || lease.Silo != silo || lease.AcquiredAt >= startedAt) continue;
            var error = string.Create(CultureInfo.InvariantCulture,
                $"silo {silo} restarted at {startedAt:O} while it held this lease (granted {lease.AcquiredAt:O}); its earlier process is gone, so the lease was taken back at once");
            var failure = retry.OnFailure(task, FailureCause.SiloDead, error, time.GetUtcNow());
            // A sweep that took it back first wins: the store refuses a lease that changed.
            if (!await store.ExpireAsync(failure, lease.ExpiresAt, cancellationToken).ConfigureAwait(false)) continue;
            taken++;
            log.LogInformation("silo {Silo}: took back the lease of task {Task} its earlier process held", silo, task.Id);
        }
        return taken;
    }
}
