using System.Diagnostics;
using Orleans.Hosting;
using StyleFarm.Grains.Cluster;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tasks;
using StyleFarm.Grains.Tests.Support;
using Xunit.Abstractions;

namespace StyleFarm.Silo.Tests.Cluster;

/// <summary>
/// The job grain's calls to its shots are bounded by <see cref="DispatcherOptions.OwnerCallTimeout"/> (1 s here): a shot that
/// does not answer (held back 8 s by <see cref="GrainCallStall{TGrain}"/>, as a silo that just died would) no longer holds the job
/// grain's action for the hold, and is told again until it answers. Real clock, as Orleans' own timeouts; the sample job
/// has two shots (see <see cref="GrainClusterTests"/>).
/// </summary>
public sealed class JobGrainCallBoundTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(1);
    // The bound, the job's writes and a loaded test machine's scheduling: far below the 8 s hold that an unbounded call waits.
    private static readonly TimeSpan Answered = TimeSpan.FromSeconds(4);
    private readonly ITestOutputHelper _output;
    private readonly GrainCallStall<IShotGrain> _stall = new();
    private readonly GrainFarm _farm;

    public JobGrainCallBoundTests(ITestOutputHelper output)
    {
        _output = output;
        _farm = new GrainFarm(silos: 2, dispatcher: new DispatcherOptions { OwnerCallTimeout = Bound },
            configure: silo => silo.AddIncomingGrainCallFilter(_stall.InvokeAsync));
    }

    public Task InitializeAsync() => _farm.InitializeAsync();

    public Task DisposeAsync() => _farm.DisposeAsync();

    [Fact]
    public async Task CancelAnswersWithinTheBoundWhenAShotDoesNotAnswer_AndThatShotIsCancelledOnALaterTick()
    {
        var (worker, id) = await RunningJobAsync();
        _stall.Arm(nameof(IShotGrain.CancelAsync));

        var clock = Stopwatch.StartNew();
        var job = await worker.Job(id).CancelAsync();
        var took = clock.Elapsed;
        _output.WriteLine($"cancel with a shot held back {_stall.Hold.TotalSeconds:0} s answered in {took.TotalSeconds:0.00} s");

        Assert.Equal(JobState.Cancelled, job.State);
        Assert.Equal(1, _stall.Held);
        Assert.InRange(took, TimeSpan.Zero, Answered);
        // The held shot heard nothing; the job tells it again every second, and it takes the cancel once it answers.
        using var deadline = new CancellationTokenSource(_stall.Hold * 3);
        while (!(await ShotTasksAsync(worker, id)).All(t => t.State is TaskState.Cancelled or TaskState.Succeeded))
            await Task.Delay(100, deadline.Token);
        Assert.Null(await worker.AskAsync());
    }

    [Fact]
    public async Task ReofferFailsWithinTheBoundWhenAShotDoesNotAnswer_SayingToTryAgain_AndAnswersWhenItDoes()
    {
        var (worker, id) = await RunningJobAsync();
        _stall.Arm(nameof(IShotGrain.ReofferAsync));

        var clock = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<TimeoutException>(() => worker.Job(id).ReofferAsync());
        var took = clock.Elapsed;
        _output.WriteLine($"re-offer with a shot held back failed in {took.TotalSeconds:0.00} s: {e.Message}");

        Assert.InRange(took, TimeSpan.Zero, Answered);
        Assert.Contains("asked to re-offer its tasks: no answer within 1 s", e.Message);
        Assert.EndsWith("try again", e.Message);
        // The dispatcher asks again a second later; once the shot answers, so does the job.
        await Task.Delay(_stall.Hold);
        Assert.Empty(await worker.Job(id).ReofferAsync());
    }

    [Fact]
    public async Task ResumeAnswersWithinTheBoundWhenAShotDoesNotAnswer_AndTheJobRunsToSuccess()
    {
        var (worker, id) = await RunningJobAsync();
        Assert.Equal(JobState.Cancelled, (await worker.Job(id).CancelAsync()).State);
        _stall.Arm(nameof(IShotGrain.ResetAsync));

        var clock = Stopwatch.StartNew();
        var job = await worker.Job(id).ResumeAsync();
        var took = clock.Elapsed;
        _output.WriteLine($"resume with a shot held back answered in {took.TotalSeconds:0.00} s");

        Assert.Equal(JobState.Running, job.State);
        Assert.InRange(took, TimeSpan.Zero, Answered);
        // The held shot is reset on a later tick and offers its tasks: the job finishes.
        await worker.RunToSuccessAsync(id, Samples.Plan());
        Assert.Equal(1, _stall.Held);
    }

    // A job planned into its two shots, their ready flows offered.
    private async Task<(TestWorker Worker, JobId Id)> RunningJobAsync()
    {
        var worker = _farm.Worker(1, "worker-1");
        var id = JobId.New(TimeProvider.System);
        await worker.Job(id).SubmitAsync(Samples.Spec());
        Assert.True(await worker.CommitAsync(await worker.TakeAsync(), Samples.Plan()));
        await worker.WaitForOffersAsync(3);
        return (worker, id);
    }

    private static async Task<IReadOnlyList<TaskRecord>> ShotTasksAsync(TestWorker worker, JobId id)
    {
        var shots = await Task.WhenAll(Enumerable.Range(0, 2).Select(s => worker.Grains.GetGrain<IShotGrain>(ShotKey.Of(id, s)).TasksAsync()));
        return shots.SelectMany(s => s).ToList();
    }
}
