using Orleans.Hosting;
using StyleFarm.Grains.Cluster;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tasks;
using StyleFarm.Grains.Tests.Support;
using Xunit.Abstractions;

namespace StyleFarm.Silo.Tests.Cluster;

/// <summary>
/// The job grain tells the dispatcher "started" and "stopped" with bounded calls and re-sends an owed one every second, so a
/// call that timed out may still arrive, late. Before, a "stopped" of the failed run arriving after retry-failed's "started"
/// dropped the running job: its offers were thrown away and nothing was handed out again. The dispatcher's incoming filter
/// (<see cref="HeldJobStop"/>) holds the first "stopped" until the test lets it through. Sample job of <see cref="GrainClusterTests"/>.
/// </summary>
public sealed class LateJobStopTests : IAsyncLifetime
{
    private readonly ITestOutputHelper _output;
    private readonly HeldJobStop _held = new();
    private readonly GrainFarm _farm;

    public LateJobStopTests(ITestOutputHelper output)
    {
        _output = output;
        _farm = new GrainFarm(silos: 1, dispatcher: new DispatcherOptions { OwnerCallTimeout = TimeSpan.FromSeconds(1) },
            configure: silo => silo.AddIncomingGrainCallFilter(_held.InvokeAsync));
    }

    public Task InitializeAsync() => _farm.InitializeAsync();

    public Task DisposeAsync() => _farm.DisposeAsync();

    [Fact]
    public async Task AStopOfTheFailedRunArrivingAfterRetryFailedsStart_DoesNotDropTheJob_AndItsTaskIsHandedOut()
    {
        var worker = _farm.Worker(0, "worker-0");
        var id = JobId.New(TimeProvider.System);
        await worker.Job(id).SubmitAsync(Samples.Spec());
        var plan = await worker.TakeAsync();
        Assert.True(await worker.FailAsync(plan, "in.mp4: moov atom not found", permanent: true));
        // The first "stopped" is held; the job's bounded call times out and its re-sent one, a second later, is applied.
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
            while ((await worker.Job(id).GetAsync())!.State != JobState.Failed || _held.Passed == 0) await Task.Delay(20, deadline.Token);

        // Its plan failed: the retry plans again.
        Assert.Equal(JobState.Planning, (await worker.Job(id).RetryFailedAsync()).State);
        _held.Release();
        await _held.Delivered.WaitAsync(TimeSpan.FromSeconds(10));
        WorkGrant? again = null;
        try
        {
            again = await worker.TakeAsync(TimeSpan.FromSeconds(5));
        }
        catch (OperationCanceledException)
        {
            // Nothing handed out: the dispatcher dropped the job.
        }
        _output.WriteLine($"a late \"stopped\" of run 0 delivered after run 1 started; then handed out: {again?.Task.Id.Key ?? "nothing in 5 s"}");

        Assert.Equal(TaskId.Plan(id), again?.Task.Id);
        Assert.True(await worker.CommitAsync(again!, Samples.Plan()));
        Assert.Equal(JobState.Running, (await worker.Job(id).GetAsync())!.State);
    }

    /// <summary>Holds the dispatcher's first <see cref="IDispatcherGrain.JobStoppedAsync"/> until <see cref="Release"/>, then delivers it; lets every other call through.</summary>
    private sealed class HeldJobStop
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _delivered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _seen;
        private int _passed;

        /// <summary>"Stopped" calls after the held one that went through.</summary>
        public int Passed => Volatile.Read(ref _passed);

        /// <summary>Completes once the held call was delivered to the grain and returned.</summary>
        public Task Delivered => _delivered.Task;

        public void Release() => _release.TrySetResult();

        public async Task InvokeAsync(IIncomingGrainCallContext context)
        {
            if (context.Grain is not IDispatcherGrain || context.MethodName != nameof(IDispatcherGrain.JobStoppedAsync))
            {
                await context.Invoke();
                return;
            }
            if (Interlocked.Increment(ref _seen) > 1)
            {
                await context.Invoke();
                Interlocked.Increment(ref _passed);
                return;
            }
            await _release.Task;
            try
            {
                await context.Invoke();
            }
            finally
            {
                _delivered.TrySetResult();
            }
        }
    }
}
