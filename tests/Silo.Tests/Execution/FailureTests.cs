using StyleFarm.Grains.Artifacts;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tasks;
using StyleFarm.Kernels.Video;
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
        var farm = _farm.Farm();
        var job = await farm.Coordinator.SubmitAsync(TestFarm.Spec(input, _farm.PathOf("out.mkv"), passes: 1, segmentLength: 24, halo: 4),
            CancellationToken.None);
        var stylize = TaskId.Stylize(job.Id, 0, 0, 1);
        var frames = $"{ArtifactKey.JobPrefix(job.Id)}shots/0000/segments/0000/pass/01/frame/";
        _farm.Artifacts.Inject(new ArtifactFault(ArtifactOperations.Put) { KeyPrefix = frames + "000002" });
        var ends = new List<(TaskRunStatus Status, TaskState StoredState, string? Error)>();
        farm.TaskFinished += r =>
        {
            if (r.Task == stylize) ends.Add((r.Status, _farm.Store.TaskOf(stylize).State, r.Error));
        };

        var result = await farm.RunAsync(job.Id, CancellationToken.None);

        Assert.Equal(JobState.Succeeded, result.Job.State);
        Assert.Equal(1, _farm.Artifacts.FaultsFired);
        Assert.Equal(2, ends.Count);
        Assert.Equal((TaskRunStatus.Failed, TaskState.Ready), (ends[0].Status, ends[0].StoredState));
        Assert.Contains("Injected fault", ends[0].Error);
        Assert.Equal((TaskRunStatus.Committed, TaskState.Succeeded), (ends[1].Status, ends[1].StoredState));
        Assert.Equal(1, _farm.Store.TaskOf(stylize).Attempts);
        var keys = await _farm.Artifacts.ListAsync(frames).Select(a => a.Key.Value[frames.Length..]).ToListAsync();
        Assert.Equal(["000000.png", "000001.png", "000002.png", "000003.png"], keys);
        Assert.Equal(4, (await VideoProbe.ProbeAsync(_farm.PathOf("out.mkv"))).FrameCount);
    }

    [Fact]
    public async Task ACorruptInputFailsTheJobAtOnceSayingWhichFileAndWhy()
    {
        var input = ExecutionMedia.Garbage(_farm.PathOf("garbage.mp4"));

        var result = await _farm.Farm().RenderAsync(TestFarm.Spec(input, _farm.PathOf("out.mp4"), 1, 24, 4), CancellationToken.None);

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

        var result = await _farm.Farm().RenderAsync(spec, CancellationToken.None);

        Assert.Equal(JobState.Failed, result.Job.State);
        Assert.Contains($"the style file {style} is not an image", result.Job.Error);
    }

    [Fact]
    public async Task AnInputWithPcmAudioForAnMp4OutputFailsAtPlanningInsteadOfAfterTheRender()
    {
        var input = await ExecutionMedia.PanAsync(_farm.PathOf("pan.mkv"), 2, audio: "pcm_s16le");

        var result = await _farm.Farm().RenderAsync(TestFarm.Spec(input, _farm.PathOf("out.mp4"), 1, 24, 4), CancellationToken.None);

        Assert.Equal(JobState.Failed, result.Job.State);
        Assert.Contains("pcm_s16le audio, which the output", result.Job.Error);
        Assert.Contains("write the output as .mkv or .mov", result.Job.Error);
        Assert.Equal([TaskId.Plan(result.Job.Id)], _farm.Store.TasksOf(result.Job.Id).Select(t => t.Id));
    }

    public void Dispose() => _farm.Dispose();
}
