using StyleFarm.Grains.Jobs;

namespace StyleFarm.Silo.Tests.Tasks;

public abstract partial class TaskStoreConformanceTests
{
    [Fact]
    public async Task InsertedJobReadsBackWithItsSpecPlanErrorAndTimesToTheMicrosecond()
    {
        // 0.1234567 s past the minute: stores keep microseconds, so the last tick is dropped.
        var at = TaskSamples.Start.AddTicks(1_234_567);
        var spec = TaskSamples.Spec(3) with
        {
            StyleImages = ["starry-night.png", "blob://styles/scream.jpg"],
            Method = StylizationMethod.Network,
            Parameters = new Dictionary<string, string> { ["style_weight"] = "200", ["tv_weight"] = "1e-3" },
            FlowMethod = "deepflow",
            LongTermOffsets = [1, 2, 5],
            RequireGpu = true,
        };
        var plan = TaskSamples.Plan(3);
        var job = new Job(JobId.New(Farm.Clock), spec, JobState.Failed, at, at.AddSeconds(5), plan, "task plan failed after 4 attempts: disk full");
        await Store.InsertJobAsync(job, None);

        var read = await Farm.JobAsync(job.Id);
        Assert.Equal((job.Id, JobState.Failed, TaskSamples.Start.AddTicks(1_234_560), TaskSamples.Start.AddTicks(51_234_560), job.Error),
            (read.Id, read.State, read.SubmittedAt, read.UpdatedAt, read.Error));
        var s = read.Spec;
        Assert.Equal((spec.Input, spec.Method, spec.Preset, spec.Output, spec.SegmentLength, spec.Halo, spec.Passes, spec.FlowMethod, spec.RequireGpu),
            (s.Input, s.Method, s.Preset, s.Output, s.SegmentLength, s.Halo, s.Passes, s.FlowMethod, s.RequireGpu));
        Assert.Equal(spec.StyleImages, s.StyleImages);
        Assert.Equal(spec.LongTermOffsets, s.LongTermOffsets);
        Assert.Equal(spec.Parameters.OrderBy(p => p.Key), s.Parameters.OrderBy(p => p.Key));
        Assert.True(s.IsSameJobAs(spec));
        var p = read.Plan!;
        Assert.Equal((64, 32, 10, 24.0), (p.Width, p.Height, p.FrameCount, p.FrameRate));
        Assert.Equal(plan.Shots, p.Shots);
        Assert.Equal([3, 2, 2], p.IterationsPerPass);
    }

    [Fact]
    public async Task AFrameRangeAndAWholeShotCutReadBackWithThePlanOfTheRange()
    {
        var spec = TaskSamples.Spec() with { FirstFrame = 20, EndFrame = 30, SegmentLength = Grains.Planning.SegmentPlannerOptions.WholeShot };
        var plan = TaskSamples.Plan() with { Shots = [new Shot(0, new FrameRange(20, 26)), new Shot(1, new FrameRange(26, 30))] };
        var open = TaskSamples.Spec() with { FirstFrame = 7 };
        var ranged = new Job(JobId.New(Farm.Clock), spec, JobState.Running, TaskSamples.Start, TaskSamples.Start, plan);
        var toTheEnd = new Job(JobId.New(Farm.Clock), open, JobState.Submitted, TaskSamples.Start, TaskSamples.Start);
        await Store.InsertJobAsync(ranged, None);
        await Store.InsertJobAsync(toTheEnd, None);

        var read = await Farm.JobAsync(ranged.Id);
        var readOpen = await Farm.JobAsync(toTheEnd.Id);

        Assert.Equal((20, (int?)30, Grains.Planning.SegmentPlannerOptions.WholeShot), (read.Spec.FirstFrame, read.Spec.EndFrame, read.Spec.SegmentLength));
        Assert.True(read.Spec.IsSameJobAs(spec));
        Assert.Equal((7, (int?)null), (readOpen.Spec.FirstFrame, readOpen.Spec.EndFrame));
        Assert.Equal((20, new FrameRange(20, 30)), (read.Plan!.FirstFrame, read.Plan.Frames));
        read.Plan.Validate(read.Spec);
    }

    [Fact]
    public async Task UnknownJobReadsAsNull() => Assert.Null(await Store.GetJobAsync(JobId.New(Farm.Clock), None));

    [Fact]
    public async Task InsertingTheSameJobTwiceIsRefused()
    {
        var job = await InsertRunningJobAsync();
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Store.InsertJobAsync(job with { State = JobState.Submitted }, None));
        Assert.Equal($"job {job.Id} is stored already: a job id is used once; submit a new job", e.Message);
        Assert.Equal(JobState.Running, (await Farm.JobAsync(job.Id)).State);
    }

    [Fact]
    public async Task ListJobsReturnsTheJobsInTheGivenStatesOldestFirstThenById()
    {
        var t = Farm.Now;
        var late = await InsertRunningJobAsync(t.AddSeconds(30));
        var early = await InsertRunningJobAsync(t.AddSeconds(10), JobState.Planning);
        var tieA = await InsertRunningJobAsync(t.AddSeconds(20));
        var tieB = await InsertRunningJobAsync(t.AddSeconds(20), JobState.Planning);
        await InsertRunningJobAsync(t, JobState.Succeeded);
        await InsertRunningJobAsync(t, JobState.Cancelled);
        var ties = new[] { tieA.Id, tieB.Id }.Order().ToList();

        var listed = await Store.ListJobsAsync([JobState.Planning, JobState.Running], None);

        Assert.Equal([early.Id, ties[0], ties[1], late.Id], listed.Select(j => j.Id));
        Assert.Empty(await Store.ListJobsAsync([JobState.Failed], None));
        Assert.Empty(await Store.ListJobsAsync([], None));
    }

    [Fact]
    public async Task MoveJobIsCompareAndSetAndNeverTouchesSpecPlanOrSubmissionTime()
    {
        var other = await InsertRunningJobAsync();
        var withPlan = new Job(JobId.New(Farm.Clock), TaskSamples.Spec(), JobState.Planning, Farm.Now, Farm.Now, TaskSamples.Plan());
        await Store.InsertJobAsync(withPlan, None);
        var later = Farm.Now.AddMinutes(3);

        Assert.False(await Store.MoveJobAsync(withPlan.Id, JobState.Running, JobState.Failed, later, "wrong expectation", None));
        Assert.Equal((JobState.Planning, Farm.Now, (string?)null), await StateOf(withPlan.Id));

        Assert.True(await Store.MoveJobAsync(withPlan.Id, JobState.Planning, JobState.Failed, later, "the plan task failed", None));
        Assert.Equal((JobState.Failed, later, "the plan task failed"), await StateOf(withPlan.Id));
        var read = await Farm.JobAsync(withPlan.Id);
        Assert.Equal((Farm.Now, "in.mp4", 2), (read.SubmittedAt, read.Spec.Input, read.Plan!.Shots.Count));

        Assert.True(await Store.MoveJobAsync(withPlan.Id, JobState.Failed, JobState.Planning, later.AddSeconds(1), null, None));
        Assert.Equal((JobState.Planning, later.AddSeconds(1), (string?)null), await StateOf(withPlan.Id));
        Assert.False(await Store.MoveJobAsync(JobId.New(Farm.Clock), JobState.Planning, JobState.Running, later, null, None));
        Assert.Equal(JobState.Running, (await Farm.JobAsync(other.Id)).State);

        async Task<(JobState, DateTimeOffset, string?)> StateOf(JobId id)
        {
            var j = await Farm.JobAsync(id);
            return (j.State, j.UpdatedAt, j.Error);
        }
    }
}
