using StyleFarm.Grains.Silos;
using StyleFarm.Grains.Artifacts;
using StyleFarm.Grains.Cluster;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tasks;
using StyleFarm.Silo.Storage.Artifacts;
using StyleFarm.Silo.Worker;

namespace StyleFarm.Silo.Tests.Execution;

/// <summary>What a failed write or a bad input does to a task and its job.</summary>
public sealed class FailureTests : IDisposable
{
    private readonly TestFarm _farm = new();

    [Fact]
    public async Task ATaskWhoseArtifactWriteFailsIsNotCommittedAndIsRetried()
    {
        var input = await ExecutionMedia.PanAsync(_farm.PathOf("pan.mkv"), 4);
        await using var farm = await SteppedFarm.StartAsync(_farm);
        var (worker, services, _) = farm.NewWorker("silo-a");
        var job = await farm.SubmitAsync(TestFarm.Spec(input, _farm.PathOf("out.mkv"), passes: 1, segmentLength: 24, halo: 4));
        Assert.Equal(TaskRunStatus.Committed, (await SteppedFarm.RunNextAsync(worker)).Status);
        var flow = TaskId.Flow(job, 0, 0);
        var segment = (await farm.TaskAsync(flow)).Spec.Segment!;
        var prefix = ArtifactKey.SegmentPrefix(job, segment);
        _farm.Artifacts.Inject(new ArtifactFault(ArtifactOperations.Put) { KeyPrefix = prefix + "weights/" });

        var failed = await SteppedFarm.RunNextAsync(worker);

        Assert.Equal((flow, TaskRunStatus.Failed), (failed.Task, failed.Status));
        var stored = await farm.TaskAsync(flow);
        Assert.Equal((TaskState.Ready, 1), (stored.State, stored.Attempts));
        Assert.Contains("Injected fault: Put", stored.LastError);
        Assert.False(services.Cache.IsComplete(job, segment), "a failed flow task must not count its segment as cached");
        Assert.Null(await worker.RunOnceAsync(CancellationToken.None)); // backing off: the grains' clock has not moved

        farm.Clock.Advance(TestFarm.QuickLeases.BackoffCap);
        var retried = await SteppedFarm.RunNextAsync(worker);

        Assert.Equal((flow, TaskRunStatus.Committed), (retried.Task, retried.Status));
        var done = await farm.TaskAsync(flow);
        Assert.Equal((TaskState.Succeeded, 1), (done.State, done.Attempts));
        Assert.Equal(1, _farm.Artifacts.FaultsFired);
        // Frames 0–3 give 3 neighbouring pairs, each with two flows and two weights.
        Assert.Equal(12, await _farm.Artifacts.ListAsync(prefix).CountAsync());
        Assert.True(services.Cache.IsComplete(job, segment));
    }

    [Fact]
    public async Task ACorruptInputFailsTheJobAtOnceSayingWhichFileAndWhy()
    {
        var input = ExecutionMedia.Garbage(_farm.PathOf("garbage.mp4"));

        var result = await _farm.RenderAsync(TestFarm.Spec(input, _farm.PathOf("out.mp4"), 1, 24, 4));

        Assert.Equal(JobState.Failed, result.Job.State);
        Assert.Contains($"the input {input} cannot be read as a video", result.Job.Error);
        Assert.Contains("task plan failed after 1 attempt", result.Job.Error);
        Assert.Null(result.Metrics);
        Assert.False(File.Exists(_farm.PathOf("out.mp4")));
    }

    [Fact]
    public async Task AStyleFileThatIsNotAnImageFailsTheJobSayingSo()
    {
        var input = await ExecutionMedia.PanAsync(_farm.PathOf("pan.mkv"), 2);
        var style = _farm.PathOf("style.png");
        await File.WriteAllTextAsync(style, "a painting, described in words instead of pixels");
        var spec = TestFarm.Spec(input, _farm.PathOf("out.mp4"), 1, 24, 4) with { StyleImages = [style] };

        var result = await _farm.RenderAsync(spec);

        Assert.Equal(JobState.Failed, result.Job.State);
        Assert.Contains($"the style file {style} is not an image", result.Job.Error);
        Assert.True(result.FailureIsPermanent, "a style that is no image fails the same way on every rerun");
    }

    [Fact]
    public async Task AnInputWithPcmAudioForAnMp4OutputFailsAtPlanningInsteadOfAfterTheRender()
    {
        var input = await ExecutionMedia.PanAsync(_farm.PathOf("pan.mkv"), 2, audio: "pcm_s16le");

        var result = await _farm.RenderAsync(TestFarm.Spec(input, _farm.PathOf("out.mp4"), 1, 24, 4));

        Assert.Equal(JobState.Failed, result.Job.State);
        Assert.Contains("pcm_s16le audio, which the output", result.Job.Error);
        Assert.Contains("write the output as .mkv or .mov", result.Job.Error);
        Assert.Equal([TaskId.Plan(result.Job.Id)], result.Tasks.Select(t => t.Id));
    }

    [Theory]
    [InlineData("film.webm", "cannot be written: cannot write H.264 to")]
    [InlineData("pan.mkv", "(the same file, through a link or another name): write the stylized film under another name")]
    public async Task AnOutputThatCannotBeWrittenFailsAtPlanningInsteadOfAfterTheRender(string output, string reason)
    {
        var input = await ExecutionMedia.PanAsync(_farm.PathOf("pan.mkv"), 2);

        var result = await _farm.RenderAsync(TestFarm.Spec(input, _farm.PathOf(output), 1, 24, 4));

        Assert.Equal(JobState.Failed, result.Job.State);
        Assert.Contains(reason, result.Job.Error);
        Assert.Equal([TaskId.Plan(result.Job.Id)], result.Tasks.Select(t => t.Id));
    }

    [Fact]
    public async Task AJobThatNeedsAGpuFailsAtPlanningOnAFarmWithoutOneInsteadOfWaitingForever()
    {
        var input = await ExecutionMedia.PanAsync(_farm.PathOf("pan.mkv"), 2);
        var spec = TestFarm.Spec(input, _farm.PathOf("out.mkv"), 1, 24, 4) with { RequireGpu = true };

        // The job grain holds the planned graph against the live workers' metadata (issue 11, item 3).
        var result = await _farm.RenderAsync(spec);

        Assert.Equal(JobState.Failed, result.Job.State);
        Assert.Contains("the job requires a GPU, but none of the 1 live worker silo(s) has one", result.Job.Error);
        Assert.Equal([TaskId.Plan(result.Job.Id)], result.Tasks.Select(t => t.Id));
    }

    [Fact]
    public async Task AJobTooBigForEveryWorkersMemoryFailsAtPlanningWithTheFigures()
    {
        var input = await ExecutionMedia.PanAsync(_farm.PathOf("pan.mkv"), 2);
        // 1024×768 (the pan is 64×48): 0.5 GiB + 786,432 pixels × 4096 B = 3.8 GB a frame; the one worker offers 2 GB.
        var spec = TestFarm.Spec(input, _farm.PathOf("out.mkv"), 1, 24, 4) with { Parameters = new Dictionary<string, string> { ["width"] = "1024", ["height"] = "768" } };

        var result = await _farm.RenderAsync(spec, capabilities: new WorkerCapabilities(0, 0, 2_000_000_000));

        Assert.Equal(JobState.Failed, result.Job.State);
        Assert.Contains("the job needs 3.8 GB of memory per frame at 1024×768, but the largest live worker silo has 2 GB: submit it at a smaller width and height", result.Job.Error);
    }

    public void Dispose() => _farm.Dispose();
}
