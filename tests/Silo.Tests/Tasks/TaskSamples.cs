using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Silo.Tests.Tasks;

/// <summary>Small specs, plans and hand-made tasks for the task store tests.</summary>
public static class TaskSamples
{
    /// <summary>The clock's start in every test.</summary>
    public static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The Grains tests' spec: segments of 4 frames with a halo of 1, <paramref name="passes"/> passes.</summary>
    public static JobSpec Spec(int passes = 2) => Grains.Tests.Support.Samples.Spec(passes);

    /// <summary>The Grains tests' plan: 10 frames in shots [0, 6) and [6, 10); 11 tasks with 2 passes.</summary>
    public static JobPlan Plan(int passes = 2) => Grains.Tests.Support.Samples.Plan(passes);

    /// <summary>A Running job (not yet stored) with id <paramref name="id"/>, submitted at <paramref name="at"/>.</summary>
    public static Job RunningJob(JobId id, DateTimeOffset at) => new(id, Spec(), JobState.Running, at, at);

    /// <summary>A Ready flow task of segment (<paramref name="shot"/>, <paramref name="segment"/>) with the given priority and needs.</summary>
    public static TaskRecord ReadyFlow(JobId job, int shot, int segment, long criticalPath, long cost, bool gpu = false, long memory = 1 << 20, DateTimeOffset? notBefore = null) =>
        new(new TaskSpec(TaskId.Flow(job, shot, segment), Segment(shot, segment), PassDirection.None, [], new TaskRequirements(gpu, memory), cost, criticalPath),
            TaskState.Ready, 0, Start, notBefore);

    /// <summary>A Ready stylize task of pass <paramref name="pass"/> with the given priority and needs.</summary>
    public static TaskRecord ReadyStylize(JobId job, int shot, int segment, int pass, long criticalPath, long cost, bool gpu = true, long memory = 1 << 20, DateTimeOffset? notBefore = null) =>
        new(new TaskSpec(TaskId.Stylize(job, shot, segment, pass), Segment(shot, segment), PassDirection.Forward, [TaskId.Flow(job, shot, segment)], new TaskRequirements(gpu, memory), cost, criticalPath),
            TaskState.Ready, 0, Start, notBefore);

    /// <summary>Segment <paramref name="segment"/> of a shot cut into 4-frame segments with a halo of 1.</summary>
    public static Segment Segment(int shot, int segment)
    {
        var start = shot * 100 + segment * 4;
        return new Segment(shot, segment, new FrameRange(start, start + 4), new FrameRange(Math.Max(shot * 100, start - 1), start + 5));
    }
}
