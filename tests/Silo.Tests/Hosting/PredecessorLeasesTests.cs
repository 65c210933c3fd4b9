using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Silos;
using StyleFarm.Grains.Tasks;
using StyleFarm.Silo.Hosting;
using StyleFarm.Silo.Tests.Api;
using StyleFarm.Silo.Tests.Artifacts;

namespace StyleFarm.Silo.Tests.Hosting;

/// <summary>A silo restarted under its name takes back the leases its earlier process held, and only those.</summary>
public sealed class PredecessorLeasesTests
{
    [Fact]
    public async Task ASiloStartingUnderTheNameOfADeadOneTakesBackItsLeasesAtOnceAndLeavesOtherSilosLeasesAlone()
    {
        using var folder = new TempFolder();
        await using var api = await TestSilo.StartAsync(SiloRoles.Api, TestSilo.Options(SiloRoles.Api, folder.Path));
        var plans = new[] { await PlanTaskReadyAsync(api), await PlanTaskReadyAsync(api) };
        var terms = new LeaseTerms(new LeaseOptions(), TimeProvider.System);
        var capabilities = new WorkerCapabilities(0, 0, 1L << 30);
        // The process of "worker-3" that took this lease is gone (killed); "worker-4" is alive and busy.
        var orphaned = await api.Host.Store.TryLeaseAsync(terms.Request(new SiloId("worker-3"), capabilities), CancellationToken.None);
        var busy = await api.Host.Store.TryLeaseAsync(terms.Request(new SiloId("worker-4"), capabilities), CancellationToken.None);
        Assert.Equal(plans.Order(), new[] { orphaned!.Id, busy!.Id }.Order());

        await using (await TestSilo.StartAsync(SiloRoles.Coordinator, TestSilo.Options(SiloRoles.Coordinator, folder.Path, "worker-3")))
        {
            var taken = (await api.Host.Store.GetTaskAsync(orphaned.Id, CancellationToken.None))!;
            var kept = (await api.Host.Store.GetTaskAsync(busy.Id, CancellationToken.None))!;

            Assert.Equal((TaskState.Ready, 1, (LeaseInfo?)null), (taken.State, taken.Attempts, taken.Lease));
            Assert.StartsWith("silo worker-3 restarted at ", taken.LastError);
            Assert.EndsWith("while it held this lease (granted " + orphaned.Lease!.AcquiredAt.ToString("O") +
                "); its earlier process is gone, so the lease was taken back at once", taken.LastError);
            Assert.Equal((TaskState.Leased, busy.Lease), (kept.State, kept.Lease));
        }
    }

    // Without a coordinator role, cancel then resume creates a job's plan task and makes it Ready.
    private static async Task<TaskId> PlanTaskReadyAsync(TestSilo api)
    {
        var (_, job, _) = await ApiJson.SubmitAsync(api.Http, ApiJson.Spec());
        await ApiJson.PostAsync(api.Http, $"/api/jobs/{job!.Id}/cancel");
        await ApiJson.PostAsync(api.Http, $"/api/jobs/{job.Id}/resume");
        return TaskId.Plan(Grains.Jobs.JobId.Parse(job.Id));
    }
}
