using Orleans.Hosting;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tests.Support;
using Xunit.Abstractions;

namespace StyleFarm.Silo.Tests.Cluster;

/// <summary>
/// A shot's report from before a retry-failed (or resume) must not fail the job's new run. A halted shot reports its
/// failed task once more; when that report reached the job after the retry had begun, the job failed again with the old
/// error, the dispatcher dropped the job and the retried task was never offered (GrainClusterTests'
/// APermanentFailure… test, seen in CI and in a loop under load). Sample job as in <see cref="GrainClusterTests"/>.
/// </summary>
public sealed class StaleShotReportTests : IAsyncLifetime
{
    private readonly ITestOutputHelper _output;
    private readonly ShotReportHold _hold = new();
    private readonly GrainFarm _farm;

    public StaleShotReportTests(ITestOutputHelper output)
    {
        _output = output;
        _farm = new GrainFarm(silos: 2, configure: silo => silo.AddOutgoingGrainCallFilter(_hold.OutgoingAsync).AddIncomingGrainCallFilter(_hold.IncomingAsync));
    }

    public Task InitializeAsync() => _farm.InitializeAsync();

    public async Task DisposeAsync()
    {
        if (_farm.LogPath is { } log) _output.WriteLine($"silo log: {log}");
        await _farm.DisposeAsync();
    }

    [Fact]
    public async Task AHaltedShotsFailureReportArrivingAfterRetryFailedDoesNotFailTheRetriedJob_AndTheTaskIsOfferedAgain()
    {
        var worker = _farm.Worker(0, "worker-0");
        var id = JobId.New(TimeProvider.System);
        await worker.Job(id).SubmitAsync(Samples.Spec());
        Assert.True(await worker.CommitAsync(await worker.TakeAsync(), Samples.Plan()));
        var flow = await worker.TakeAsync();
        Assert.True(await worker.FailAsync(flow, "in.mp4: no such file", permanent: true));
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
            while ((await worker.Job(id).GetAsync())!.State != JobState.Failed || _hold.Held == 0) await Task.Delay(20, deadline.Token);

        Assert.Equal(JobState.Running, (await worker.Job(id).RetryFailedAsync()).State);
        // Both shots offer their ready flow task one way after the retry, in either order: the retried one comes first or second.
        var offered = new List<Grains.Tasks.TaskId> { (await worker.TakeAsync(TimeSpan.FromSeconds(10))).Task.Id };
        if (offered[0] != flow.Task.Id) offered.Add((await worker.TakeAsync(TimeSpan.FromSeconds(10))).Task.Id);
        var job = await worker.Job(id).GetAsync();
        _output.WriteLine($"{_hold.Held} report(s) held past the retry; offered again: {string.Join(", ", offered)}; job {job!.State}");

        Assert.Contains(flow.Task.Id, offered);
        Assert.Equal(JobState.Running, job.State);
        Assert.Equal([JobState.Submitted, JobState.Planning, JobState.Running, JobState.Failed, JobState.Planning, JobState.Running],
            (await worker.Job(id).EventsAsync()).Select(e => e.State));
    }
}
