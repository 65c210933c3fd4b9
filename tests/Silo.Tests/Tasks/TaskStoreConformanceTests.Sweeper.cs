using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Silos;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Silo.Tests.Tasks;

public abstract partial class TaskStoreConformanceTests
{
    /// <summary>A Planning sample job whose plan task silo-a has just leased.</summary>
    private async Task<TaskRecord> PlanLeasedAsync()
    {
        var job = await Farm.SubmitAsync();
        await Farm.AdvanceAsync(job.Id);
        var leased = await Farm.LeaseAsync("silo-a");
        Assert.Equal(TaskId.Plan(job.Id), leased!.Id);
        return leased;
    }

    [Fact]
    public async Task ExpiredLeaseReturnsTheTaskToReadyAfterABackoffAndCountsAnAttempt()
    {
        var leased = await PlanLeasedAsync();
        var t0 = Farm.Now;
        Farm.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Empty(await Farm.Sweeper.SweepAsync(None));
        Assert.Equal([leased.Id], (await Store.ListLeasedAsync(None)).Select(t => t.Id));

        Farm.Clock.Advance(TimeSpan.FromSeconds(1));
        var expired = Assert.Single(await Farm.Sweeper.SweepAsync(None));
        Assert.Equal(FailureCause.Expired, expired.Failure.Cause);
        var task = await Farm.TaskAsync(leased.Id);
        Assert.Equal((TaskState.Ready, 1, (DateTimeOffset?)t0.AddSeconds(65), (LeaseInfo?)null, t0.AddSeconds(60)),
            (task.State, task.Attempts, task.NotBefore, task.Lease, task.UpdatedAt));
        Assert.Equal($"lease of silo silo-a expired at {t0.AddSeconds(60):O} without a heartbeat (granted {t0:O})", task.LastError);
        Assert.Equal(1, await Farm.FailuresAsync("silo-a", leased.Id.Job));
        Assert.Empty(await Store.ListLeasedAsync(None));

        // The old holder can no longer touch it; nobody gets it before the backoff is over.
        Assert.False(await Farm.CommitAsync(leased));
        Assert.False(await Store.RenewAsync(leased.Lease!.Token, Farm.Terms.RenewedExpiry(), None));
        Farm.Clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Null(await Farm.LeaseAsync("silo-b"));
        Farm.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(leased.Id, (await Farm.LeaseAsync("silo-b"))!.Id);
    }

    [Fact]
    public async Task RenewedLeaseLastsADurationFromTheRenewal()
    {
        var leased = await PlanLeasedAsync();
        Farm.Clock.Advance(TimeSpan.FromSeconds(45));
        Assert.True(await Store.RenewAsync(leased.Lease!.Token, Farm.Terms.RenewedExpiry(), None));
        Farm.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Empty(await Farm.Sweeper.SweepAsync(None));
        Farm.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Single(await Farm.Sweeper.SweepAsync(None));
    }

    [Fact]
    public async Task RenewalThatRacesTheSweepWins()
    {
        var leased = await PlanLeasedAsync();
        Farm.Clock.Advance(TimeSpan.FromSeconds(60));
        var seen = await Store.ListLeasedAsync(None);
        var expired = Assert.Single(Farm.Sweeper.FindExpired(seen, await Store.ListSilosAsync(None), Farm.Now));
        // The worker renews between the sweeper's read and its write.
        Assert.True(await Store.RenewAsync(leased.Lease!.Token, Farm.Terms.RenewedExpiry(), None));
        Assert.False(await Store.ExpireAsync(expired.Failure, expired.Task.Lease!.ExpiresAt, None));
        var task = await Farm.TaskAsync(leased.Id);
        Assert.Equal((TaskState.Leased, 0, Farm.Now.AddSeconds(60)), (task.State, task.Attempts, task.Lease!.ExpiresAt));
        Assert.Equal(0, await Farm.FailuresAsync("silo-a", leased.Id.Job));
        // An expiry under the wrong token changes nothing either.
        Assert.False(await Store.ExpireAsync(expired.Failure with { Token = LeaseToken.New() }, task.Lease.ExpiresAt, None));
    }

    [Fact]
    public async Task DeadSiloLosesItsLeaseBeforeTheLeaseExpires()
    {
        var leased = await PlanLeasedAsync();
        var t0 = Farm.Now;
        await Store.RegisterSiloAsync(new SiloRecord(new SiloId("silo-a"), StoreFarm.GpuSilo, t0, t0), None);
        // The worker keeps renewing the task's lease, but the silo's own heartbeat stopped at t0.
        Farm.Clock.Advance(TimeSpan.FromSeconds(50));
        Assert.True(await Store.RenewAsync(leased.Lease!.Token, Farm.Terms.RenewedExpiry(), None));
        Farm.Clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Empty(await Farm.Sweeper.SweepAsync(None));
        Farm.Clock.Advance(TimeSpan.FromSeconds(1));
        var expired = Assert.Single(await Farm.Sweeper.SweepAsync(None));
        Assert.Equal(FailureCause.SiloDead, expired.Failure.Cause);
        var task = await Farm.TaskAsync(leased.Id);
        Assert.Equal((TaskState.Ready, 1), (task.State, task.Attempts));
        Assert.Equal($"silo silo-a stopped heartbeating (last at {t0:O}); its lease was taken back", task.LastError);
    }

    [Fact]
    public async Task LiveSiloKeepsItsLeaseUntilTheLeaseExpires()
    {
        var leased = await PlanLeasedAsync();
        var t0 = Farm.Now;
        await Store.RegisterSiloAsync(new SiloRecord(new SiloId("silo-a"), StoreFarm.GpuSilo, t0, t0), None);
        Farm.Clock.Advance(TimeSpan.FromSeconds(45));
        Assert.True(await Store.HeartbeatSiloAsync(new SiloId("silo-a"), Farm.Now, None));
        Farm.Clock.Advance(TimeSpan.FromSeconds(14));
        Assert.Empty(await Farm.Sweeper.SweepAsync(None));
        Assert.Equal(TaskState.Leased, (await Farm.TaskAsync(leased.Id)).State);
    }

    [Fact]
    public async Task SilosRegisterHeartbeatAndAreFoundDeadAfterFourMissedHeartbeats()
    {
        var t0 = Farm.Now;
        var cpu = new WorkerCapabilities(0, 0, 32L << 30);
        await Store.RegisterSiloAsync(new SiloRecord(new SiloId("gpu-node-2"), StoreFarm.GpuSilo, t0, t0), None);
        await Store.RegisterSiloAsync(new SiloRecord(new SiloId("cpu-node-1"), cpu, t0, t0), None);
        Farm.Clock.Advance(TimeSpan.FromSeconds(45));
        Assert.True(await Store.HeartbeatSiloAsync(new SiloId("gpu-node-2"), Farm.Now, None));
        Farm.Clock.Advance(TimeSpan.FromSeconds(15));

        var silos = await Store.ListSilosAsync(None);
        Assert.Equal(
            [new SiloRecord(new SiloId("cpu-node-1"), cpu, t0, t0), new SiloRecord(new SiloId("gpu-node-2"), StoreFarm.GpuSilo, t0, t0.AddSeconds(45))],
            silos);
        Assert.Equal([new SiloId("cpu-node-1")], Farm.Health.DeadSilos(silos, Farm.Now));
    }

    [Fact]
    public async Task ReRegisteringASiloReplacesItsRowAndARemovedSiloMustRegisterAgain()
    {
        var id = new SiloId("gpu-node-2");
        var t0 = Farm.Now;
        await Store.RegisterSiloAsync(new SiloRecord(id, StoreFarm.GpuSilo, t0, t0), None);
        var restarted = new SiloRecord(id, new WorkerCapabilities(2, 80L << 30, 512L << 30), t0.AddMinutes(5), t0.AddMinutes(5));
        await Store.RegisterSiloAsync(restarted, None);
        Assert.Equal([restarted], await Store.ListSilosAsync(None));

        Assert.False(await Store.HeartbeatSiloAsync(new SiloId("never-registered"), t0, None));
        Assert.True(await Store.RemoveSiloAsync(id, None));
        Assert.False(await Store.RemoveSiloAsync(id, None));
        Assert.False(await Store.HeartbeatSiloAsync(id, t0.AddMinutes(6), None));
        Assert.Empty(await Store.ListSilosAsync(None));
    }
}
