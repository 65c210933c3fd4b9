using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Silos;
using StyleFarm.Grains.Tasks;
using StyleFarm.Grains.Tests.Support;

namespace StyleFarm.Grains.Tests.Leasing;

public class LeaseSweeperTests
{
    private static async Task<(Farm Farm, Job Job, TaskRecord Leased)> PlanLeasedAsync()
    {
        var farm = new Farm();
        var job = await farm.SubmitAsync();
        await farm.AdvanceAsync(job.Id);
        var leased = await farm.LeaseAsync("silo-a");
        Assert.Equal(TaskId.Plan(job.Id), leased!.Id);
        return (farm, job, leased);
    }

    [Fact]
    public async Task ExpiredLeaseReturnsTheTaskToReadyAndCountsAnAttempt()
    {
        var (farm, job, leased) = await PlanLeasedAsync();
        var t0 = farm.Clock.GetUtcNow();
        farm.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Empty(await farm.Sweeper.SweepAsync(CancellationToken.None));
        Assert.Equal(TaskState.Leased, farm.Store.TaskOf(leased.Id).State);

        farm.Clock.Advance(TimeSpan.FromSeconds(1));
        var expired = Assert.Single(await farm.Sweeper.SweepAsync(CancellationToken.None));
        Assert.Equal(FailureCause.Expired, expired.Failure.Cause);
        var task = farm.Store.TaskOf(leased.Id);
        Assert.Equal((TaskState.Ready, 1, (DateTimeOffset?)t0.AddSeconds(65), (LeaseInfo?)null), (task.State, task.Attempts, task.NotBefore, task.Lease));
        Assert.Equal($"lease of silo silo-a expired at {t0.AddSeconds(60):O} without a heartbeat (granted {t0:O})", task.LastError);
        Assert.Equal(1, farm.Store.FailuresOf(new SiloId("silo-a"), job.Id));

        // The old holder can no longer touch it; nobody gets it before the backoff is over.
        Assert.False(await farm.CommitAsync(leased));
        farm.Clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Null(await farm.LeaseAsync("silo-b"));
        farm.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(leased.Id, (await farm.LeaseAsync("silo-b"))!.Id);
    }

    [Fact]
    public async Task RenewedLeaseLastsADurationFromTheRenewal()
    {
        var (farm, _, leased) = await PlanLeasedAsync();
        farm.Clock.Advance(TimeSpan.FromSeconds(45));
        Assert.True(await farm.Store.RenewAsync(leased.Lease!.Token, farm.Terms.RenewedExpiry(), CancellationToken.None));
        farm.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Empty(await farm.Sweeper.SweepAsync(CancellationToken.None));
        farm.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Single(await farm.Sweeper.SweepAsync(CancellationToken.None));
    }

    [Fact]
    public async Task DeadSiloLosesItsLeaseBeforeTheLeaseExpires()
    {
        var (farm, _, leased) = await PlanLeasedAsync();
        var t0 = farm.Clock.GetUtcNow();
        farm.Store.PutSilo(new SiloRecord(new SiloId("silo-a"), Farm.GpuSilo, t0, t0));
        // The worker thread keeps renewing the task lease, but the silo's own heartbeat stopped at t0.
        farm.Clock.Advance(TimeSpan.FromSeconds(50));
        Assert.True(await farm.Store.RenewAsync(leased.Lease!.Token, farm.Terms.RenewedExpiry(), CancellationToken.None));
        farm.Clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Empty(await farm.Sweeper.SweepAsync(CancellationToken.None));
        farm.Clock.Advance(TimeSpan.FromSeconds(1));
        var expired = Assert.Single(await farm.Sweeper.SweepAsync(CancellationToken.None));
        Assert.Equal(FailureCause.SiloDead, expired.Failure.Cause);
        Assert.Equal($"silo silo-a stopped heartbeating (last at {t0:O}); its lease was taken back", farm.Store.TaskOf(leased.Id).LastError);
    }

    [Fact]
    public async Task LiveSiloKeepsItsLeaseUntilTheLeaseExpires()
    {
        var (farm, _, leased) = await PlanLeasedAsync();
        var t0 = farm.Clock.GetUtcNow();
        farm.Store.PutSilo(new SiloRecord(new SiloId("silo-a"), Farm.GpuSilo, t0, t0.AddSeconds(45)));
        farm.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Empty(await farm.Sweeper.SweepAsync(CancellationToken.None));
        Assert.Equal(TaskState.Leased, farm.Store.TaskOf(leased.Id).State);
    }

    [Fact]
    public async Task RenewalThatRacesTheSweepWins()
    {
        var (farm, _, leased) = await PlanLeasedAsync();
        farm.Clock.Advance(TimeSpan.FromSeconds(60));
        var now = farm.Clock.GetUtcNow();
        var seen = await farm.Store.ListLeasedAsync(CancellationToken.None);
        var expired = Assert.Single(farm.Sweeper.FindExpired(seen, [], now));
        // The worker renews between the sweeper's read and its write.
        Assert.True(await farm.Store.RenewAsync(leased.Lease!.Token, farm.Terms.RenewedExpiry(), CancellationToken.None));
        Assert.False(await farm.Store.ExpireAsync(expired.Failure, expired.Task.Lease!.ExpiresAt, CancellationToken.None));
        Assert.Equal((TaskState.Leased, 0), (farm.Store.TaskOf(leased.Id).State, farm.Store.TaskOf(leased.Id).Attempts));
    }

    [Fact]
    public async Task FourthExpiryFailsTheTaskAndTheJob()
    {
        var (farm, job, leased) = await PlanLeasedAsync();
        string[] silos = ["silo-a", "silo-b", "silo-c", "silo-d"];
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            if (attempt > 1) leased = (await farm.LeaseAsync(silos[attempt - 1]))!;
            Assert.Equal(TaskId.Plan(job.Id), leased.Id);
            farm.Clock.Advance(TimeSpan.FromSeconds(60));
            Assert.Single(await farm.Sweeper.SweepAsync(CancellationToken.None));
            Assert.Equal(attempt, farm.Store.TaskOf(leased.Id).Attempts);
            farm.Clock.Advance(TimeSpan.FromMinutes(1));
        }
        Assert.Equal(TaskState.Failed, farm.Store.TaskOf(leased.Id).State);
        var failed = await farm.AdvanceAsync(job.Id);
        Assert.Equal(JobState.Failed, failed.State);
        Assert.StartsWith("task plan failed after 4 attempts: lease of silo silo-d expired at ", failed.Error);
    }
}
