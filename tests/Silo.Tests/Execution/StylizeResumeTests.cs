using Microsoft.Extensions.Time.Testing;
using StyleFarm.Grains.Artifacts;
using StyleFarm.Grains.Coordination;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Silos;
using StyleFarm.Grains.Tasks;
using StyleFarm.Kernels.Stylize;
using StyleFarm.Silo.Execution;
using StyleFarm.Silo.Worker;

namespace StyleFarm.Silo.Tests.Execution;

/// <summary>
/// A stylize task stopped after committing some of its frames (here: its lease taken back) continues after them
/// when it runs again: it computes only the frames still missing and writes the bytes an uninterrupted job writes.
/// </summary>
public sealed class StylizeResumeTests : IDisposable
{
    private readonly TestFarm _farm = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public static TheoryData<string, int, int, int, int, int, int, int> Cases() => new()
    {
        // case, frames, passes, L, h, the stopped task's pass and segment, core frames committed before it is stopped
        { "one pass, long-term {1,2}: the re-run reads back the two frames it reaches back to", 4, 1, 24, 0, 1, 0, 2 },
        { "pass 2 of 3 of the second segment: the sweep entered through its halo", 8, 3, 4, 2, 2, 1, 1 },
        { "pass 3 of 3, the chained last pass, of the first segment: the sweep continues the second segment's", 8, 3, 4, 2, 3, 0, 1 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task AReRunStylizeTaskSkipsItsCommittedFramesAndWritesTheBytesOfAnUninterruptedJob(string @case, int frames, int passes, int length,
        int halo, int pass, int segmentIndex, int committed)
    {
        var input = await ExecutionMedia.PanAsync(_farm.PathOf("pan.mkv"), frames);
        JobSpec Spec(string output) => TestFarm.Spec(input, _farm.PathOf(output), passes, length, halo) with
        {
            LongTermOffsets = passes == 1 ? [1, 2] : [1],
        };
        var coordinator = new Coordinator(_farm.Store, new TaskGraphBuilder(new TaskGraphOptions()), _clock);
        var services = _farm.Services();
        using var models = new StyleModels(_farm.Models, TorchSharp.torch.CPU);
        var worker = new Worker.Worker(new WorkerOptions { Silo = new SiloId("silo-a"), Lease = TestFarm.QuickLeases, CacheFolder = services.Cache.Folder },
            _farm.Store, new StoreJobReader(_farm.Store), TaskExecutors.Create(services, models), services.Cache, _clock);

        var whole = await coordinator.SubmitAsync(Spec("whole.mkv"), CancellationToken.None);
        await RunToTheEndAsync(coordinator, worker, whole.Id);
        var plan = (await _farm.Store.GetJobAsync(whole.Id, CancellationToken.None))!.Plan!;
        var stopped = await coordinator.SubmitAsync(Spec("stopped.mkv"), CancellationToken.None);
        var segment = TaskGraphBuilder.Segments(stopped.Spec, plan)[0][segmentIndex];
        var target = TaskId.Stylize(stopped.Id, 0, segmentIndex, pass);
        var schedule = new PassSchedule(passes);
        var order = SweepPlan.Frames(segment, schedule.DirectionOf(pass), passes, schedule.Chains(pass));
        // Stopped as this core frame starts: the core frames before it are committed.
        var stopAt = segment.Core.Start + committed;
        var attempts = new List<List<RenderProgress>> { new() };
        var retry = new RetryPolicy(TestFarm.QuickLeases);
        var takenBack = false;
        worker.TaskFinished += result =>
        {
            if (result.Task == target) attempts.Add([]);
        };
        worker.Progress += (task, progress) =>
        {
            if (task != target) return;
            attempts[^1].Add(progress);
            if (takenBack || progress.Frame != stopAt || progress.FrameFinished) return;
            takenBack = true;
            // The sweeper takes the lease back (as if this silo had gone silent); the next heartbeat learns of it.
            var leased = _farm.Store.TaskOf(task);
            Assert.True(_farm.Store.ExpireAsync(retry.OnFailure(leased, FailureCause.SiloDead, "silo-a went silent", _clock.GetUtcNow()),
                leased.Lease!.ExpiresAt, CancellationToken.None).Result);
            _clock.Advance(TestFarm.QuickLeases.HeartbeatInterval);
        };

        await RunToTheEndAsync(coordinator, worker, stopped.Id);

        // Stopped, resumed, and nothing after the task succeeded.
        Assert.True(attempts.Count == 3, $"{@case}: the task ran {attempts.Count - 1} times");
        var resumed = attempts[1];
        Assert.Equal(order.TakeWhile(f => f != stopAt).ToList(), resumed.Where(p => p.FrameFinished && double.IsNaN(p.Loss)).Select(p => p.Frame).ToList());
        Assert.Equal(order.SkipWhile(f => f != stopAt).ToList(), resumed.Where(p => p.FrameFinished && !double.IsNaN(p.Loss)).Select(p => p.Frame).ToList());
        var (expected, actual) = (await FramesOfAsync(whole.Id), await FramesOfAsync(stopped.Id));
        Assert.Equal(frames * passes, expected.Count);
        Assert.Equal(expected, actual);
    }

    private async Task RunToTheEndAsync(Coordinator coordinator, Worker.Worker worker, JobId job)
    {
        while (true)
        {
            var state = (await coordinator.AdvanceAsync(job, CancellationToken.None)).State;
            if (state == JobState.Succeeded) return;
            Assert.True(JobStateMachine.Active.Contains(state), $"job {job} ended {state}");
            if (await worker.RunOnceAsync(CancellationToken.None) is null) _clock.Advance(TestFarm.QuickLeases.BackoffCap);
        }
    }

    // Every stylized frame of every pass, by its key below the job's prefix.
    private async Task<Dictionary<string, string>> FramesOfAsync(JobId job)
    {
        var prefix = ArtifactKey.JobPrefix(job);
        var frames = new Dictionary<string, string>();
        await foreach (var artifact in _farm.Artifacts.ListAsync(prefix))
            if (artifact.Key.Value.Contains("/pass/"))
                frames[artifact.Key.Value[prefix.Length..]] = Convert.ToHexString(await _farm.Artifacts.GetAsync(artifact.Key));
        return frames;
    }

    public void Dispose() => _farm.Dispose();
}
