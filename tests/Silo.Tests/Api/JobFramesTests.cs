using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Tasks;
using StyleFarm.Silo.Api;

namespace StyleFarm.Silo.Tests.Api;

/// <summary>Frames done: the core frames of the segments whose last pass succeeded.</summary>
public sealed class JobFramesTests
{
    private static readonly DateTimeOffset At = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    // One shot of 60 frames and one of 10, L = 24, h = 4: segments of 24, 24 and 12 frames, then 10.
    private static readonly JobPlan Plan = new(64, 32, 70, 24, [new Shot(0, new FrameRange(0, 60)), new Shot(1, new FrameRange(60, 70))], [10, 10]);

    private static Job PlannedJob()
    {
        var spec = new JobSpec { Input = "/in.mp4", StyleImages = ["/s.png"], Preset = "preview", Output = "/out.mp4", Passes = 2 };
        return new Job(new JobId(Guid.CreateVersion7(At)), spec, JobState.Running, At, At, Plan);
    }

    private static List<TaskRecord> Tasks(Job job, params string[] succeeded) =>
        new TaskGraphBuilder(new TaskGraphOptions()).Build(job.Id, job.Spec, job.Plan!).Tasks
            .Select(t => new TaskRecord(t, succeeded.Contains(t.Id.Key) ? TaskState.Succeeded : TaskState.Ready, 0, At))
            .ToList();

    [Fact]
    public void TheSegmentsAreTheOnesThisTestCounts() =>
        Assert.Equal([24, 24, 12, 10], TaskGraphBuilder.Segments(PlannedJob().Spec, Plan).SelectMany(s => s).Select(s => s.Core.Count));

    [Fact]
    public void OnlySegmentsWhoseLastPassSucceededCount()
    {
        var job = PlannedJob();

        var done = JobFrames.Done(job, Tasks(job, "plan", "flow/0000/0000", "stylize/0000/0000/01", "stylize/0000/0001/01",
            "stylize/0000/0000/02", "stylize/0000/0002/02", "stylize/0001/0000/02"));

        Assert.Equal(24 + 12 + 10, done);
    }

    [Fact]
    public void AJobWithEveryTaskDoneHasAllItsFramesDone()
    {
        var job = PlannedJob();
        var all = Tasks(job).Select(t => t.Id.Key).ToArray();

        Assert.Equal(70, JobFrames.Done(job, Tasks(job, all)));
    }

    [Fact]
    public void AnUnplannedJobHasNoFramesDone()
    {
        var job = PlannedJob() with { Plan = null, State = JobState.Planning };

        Assert.Equal(0, JobFrames.Done(job, []));
    }
}
