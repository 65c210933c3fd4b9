using System.Diagnostics;
using Orleans.Core.Internal;
using Orleans.Hosting;
using StyleFarm.Grains.Cluster;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tests.Support;
using Xunit.Abstractions;

namespace StyleFarm.Silo.Tests.Cluster;

/// <summary>
/// Two ways an attempt of a dead silo stayed Leased for good, so its task was never offered again (the flaky
/// "offered again within seconds" test of <see cref="GrainClusterTests"/>, once in a loaded CI run): a death reported while the
/// dispatcher recovered after a move, and an owner that did not hear "taken back". Each plays the death by reporting a live
/// silo dead (<see cref="IDispatcherGrain.SiloDiedAsync"/>), as a silo that learnt it first does: the dispatcher's own silo
/// may not know it yet. Sample job of <see cref="GrainClusterTests"/>; its plan task is the attempt.
/// </summary>
public sealed class DispatcherRecoveryTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(1);
    private readonly GrainCallStall<IJobGrain> _stall = new() { Hold = TimeSpan.FromSeconds(3) };
    private GrainFarm? _farm;

    private GrainFarm Farm => _farm!;

    public Task InitializeAsync()
    {
        _farm = new GrainFarm(dispatcher: new DispatcherOptions { OwnerCallTimeout = Bound },
            configure: silo => silo.AddIncomingGrainCallFilter(_stall.InvokeAsync));
        return _farm.InitializeAsync();
    }

    public Task DisposeAsync() => _farm?.DisposeAsync() ?? Task.CompletedTask;

    private TestWorker Worker(int silo, string name) => new(Farm, Farm.Cluster.Silos[silo], name);

    [Fact]
    public async Task ADeathReportedWhileTheDispatcherRecoversFromAMove_StillTakesBackThatSilosAttempts()
    {
        var (reported, survivor, id, lost) = await PlanTakenOnSilo2Async();
        var dispatcher = TaskOwners.Dispatcher(survivor.Grains);
        await dispatcher.AsReference<IGrainManagementExtension>().DeactivateOnIdle();

        // The report is the call that activates it again: it is served while recovery waits for the job to name its attempts out.
        var clock = Stopwatch.StartNew();
        await dispatcher.SiloDiedAsync(reported.Address);
        var again = await survivor.TakeAsync(TimeSpan.FromSeconds(10));
        output.WriteLine($"reported silo's task offered again after {clock.Elapsed.TotalSeconds:0.00} s");

        Assert.Equal(lost.Task.Id, again.Task.Id);
        Assert.NotEqual(lost.Token, again.Token);
        Assert.False(await reported.CommitAsync(lost, Samples.Plan()));
        Assert.True(await survivor.CommitAsync(again, Samples.Plan()));
        Assert.Equal(JobState.Running, (await survivor.Job(id).GetAsync())!.State);
    }

    [Fact]
    public async Task AnOwnerThatDidNotHearItsAttemptWasTakenBack_IsToldAgain_AndTheTaskIsOffered()
    {
        var (reported, survivor, _, lost) = await PlanTakenOnSilo2Async();
        _stall.Arm(nameof(IJobGrain.AbandonAsync));

        var clock = Stopwatch.StartNew();
        await TaskOwners.Dispatcher(survivor.Grains).SiloDiedAsync(reported.Address);
        var again = await survivor.TakeAsync(TimeSpan.FromSeconds(15));
        output.WriteLine($"owner held back once; task offered again after {clock.Elapsed.TotalSeconds:0.00} s");

        Assert.Equal(1, _stall.Held);
        Assert.Equal(lost.Task.Id, again.Task.Id);
        Assert.False(await reported.CommitAsync(lost, Samples.Plan()));
        Assert.True(await survivor.CommitAsync(again, Samples.Plan()));
    }

    // A job whose plan task a worker on silo 2 holds, and a worker on silo 0 that finds nothing else to do.
    private async Task<(TestWorker Reported, TestWorker Survivor, JobId Job, WorkGrant Lost)> PlanTakenOnSilo2Async()
    {
        var reported = Worker(2, "reported");
        var survivor = Worker(0, "survivor");
        var id = JobId.New(TimeProvider.System);
        await survivor.Job(id).SubmitAsync(Samples.Spec());
        var lost = await reported.TakeAsync();
        Assert.Null(await survivor.AskAsync());
        return (reported, survivor, id, lost);
    }
}
