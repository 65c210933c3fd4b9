using StyleFarm.Grains.Artifacts;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Tasks;
using StyleFarm.Kernels.Stylize;
using StyleFarm.Silo.Execution;
using StyleFarm.Silo.Worker;

namespace StyleFarm.Silo.Tests.Execution;

/// <summary>
/// A stylize task stopped after committing some of its frames (here: its attempt taken back) continues after them
/// when it runs again: it computes only the frames still missing and writes the bytes an uninterrupted job writes.
/// </summary>
public sealed class StylizeResumeTests : IDisposable
{
    private readonly TestFarm _farm = new();

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
        await using var farm = await SteppedFarm.StartAsync(_farm);
        var (worker, _, _) = farm.NewWorker("silo-a");

        var whole = await farm.SubmitAsync(Spec("whole.mkv"));
        Assert.Equal(JobState.Succeeded, (await farm.RunToTheEndAsync(worker, whole)).State);
        var plan = (await farm.JobAsync(whole)).Plan!;
        var stopped = await farm.SubmitAsync(Spec("stopped.mkv"));
        var segment = TaskGraphBuilder.Segments(Spec("stopped.mkv"), plan)[0][segmentIndex];
        var target = TaskId.Stylize(stopped, 0, segmentIndex, pass);
        var schedule = new PassSchedule(passes);
        var order = SweepPlan.Frames(segment, schedule.DirectionOf(pass), passes, schedule.Chains(pass));
        // Stopped as this core frame starts: the core frames before it are committed.
        var stopAt = segment.Core.Start + committed;
        var attempts = new List<List<RenderProgress>> { new() };
        using var noticed = new ManualResetEventSlim();
        worker.AttemptTakenBack += _ => noticed.Set();
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
            // Taken back (as when this silo is declared dead); the worker's next check learns of it before the frame ends.
            AttemptTakeback.TakeBack(farm, task, "silo-a was declared dead");
            farm.Clock.Advance(new WorkerOptions().HoldCheckInterval);
            Assert.True(noticed.Wait(TimeSpan.FromSeconds(30)), "the worker did not notice its attempt was taken back");
        };

        Assert.Equal(JobState.Succeeded, (await farm.RunToTheEndAsync(worker, stopped)).State);

        // Stopped, resumed, and nothing after the task succeeded.
        Assert.True(attempts.Count == 3, $"{@case}: the task ran {attempts.Count - 1} times");
        var resumed = attempts[1];
        Assert.Equal(order.TakeWhile(f => f != stopAt).ToList(), resumed.Where(p => p.FrameFinished && double.IsNaN(p.Loss)).Select(p => p.Frame).ToList());
        Assert.Equal(order.SkipWhile(f => f != stopAt).ToList(), resumed.Where(p => p.FrameFinished && !double.IsNaN(p.Loss)).Select(p => p.Frame).ToList());
        var (expected, actual) = (await FramesOfAsync(whole), await FramesOfAsync(stopped));
        // Every pass's core frames, and the last pass's downstream halo frames too.
        Assert.True(expected.Count >= frames * passes, $"the uninterrupted job wrote {expected.Count} frames");
        Assert.Equal(expected, actual);
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
