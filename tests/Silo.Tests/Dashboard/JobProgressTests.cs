using StyleFarm.Grains.Cluster;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tasks;
using StyleFarm.Grains.Tests.Support;
using StyleFarm.Silo.Dashboard;

namespace StyleFarm.Silo.Tests.Dashboard;

/// <summary>
/// The job page's figures from task records: the sample plan (shot 0 in segments [0,4) and [4,6), shot 1 one segment
/// [6,10); halo 1; two passes) with tasks moved by hand to the states a running job passes through.
/// </summary>
public sealed class JobProgressTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private static readonly JobId Id = JobId.New(TimeProvider.System);

    private static Dictionary<string, TaskRecord> Tasks() => SampleTasks.At(T0, Id);

    private static TaskRecord Ran(TaskRecord task, string silo, double startSeconds, double? endSeconds, TaskState state = TaskState.Succeeded, string? error = null) =>
        task with
        {
            State = endSeconds is null ? TaskState.Leased : state, Silo = silo, StartedAt = T0.AddSeconds(startSeconds),
            UpdatedAt = T0.AddSeconds(endSeconds ?? startSeconds), LastError = error,
        };

    private static JobStatus Status(JobState state, DateTimeOffset updated) => new()
    {
        Job = new Job(Id, Samples.Spec(), state, T0, updated, Samples.Plan()),
        Progress = new TaskProgress(0, 0, 0, 0, 0, 0, null),
    };

    [Fact]
    public void TheGridShowsEachSegmentsPassesDoneAndThePassRunning()
    {
        var tasks = Tasks();
        tasks["stylize/0000/0000/01"] = Ran(tasks["stylize/0000/0000/01"], "a", 1, 2);
        tasks["stylize/0000/0000/02"] = Ran(tasks["stylize/0000/0000/02"], "a", 3, null);
        tasks["stylize/0000/0001/01"] = Ran(tasks["stylize/0000/0001/01"], "b", 1, 2);
        tasks["stylize/0000/0001/02"] = Ran(tasks["stylize/0000/0001/02"], "b", 3, 4);
        tasks["stylize/0001/0000/01"] = Ran(tasks["stylize/0001/0000/01"], "c", 1, 2, TaskState.Failed, "CUDA out of memory");

        var grid = JobProgress.Grid(tasks.Values.ToList());

        Assert.Equal([0, 1], grid.Select(s => s.Shot));
        Assert.Equal([(0, 0, 4, 1, (int?)2, false), (1, 4, 6, 2, null, false)],
            grid[0].Segments.Select(c => (c.Segment, c.FirstFrame, c.EndFrame, c.PassesDone, c.PassRunning, c.Failed)));
        Assert.Equal((0, 6, 10, 0, (int?)null, true), grid[1].Segments.Select(c => (c.Segment, c.FirstFrame, c.EndFrame, c.PassesDone, c.PassRunning, c.Failed)).Single());
    }

    [Fact]
    public void RatesAreMeasuredFromCommittedStylizeTasksAndTheEtaIsTheRemainingWorkAtThatRate()
    {
        var tasks = Tasks();
        // Segment 0/0 sweeps frames 0..4 with its halo (5 frames) in 10 s; segment 0/1 frames 3..6 (3 frames) in 5 s.
        tasks["stylize/0000/0000/01"] = Ran(tasks["stylize/0000/0000/01"], "a", 0, 10);
        tasks["stylize/0000/0001/01"] = Ran(tasks["stylize/0000/0001/01"], "b", 0, 5);
        var list = tasks.Values.ToList();
        var total = list.Where(t => t.Id.Kind == TaskKind.Stylize).Sum(JobProgress.FramesOf);

        var rates = JobProgress.Rates(Status(JobState.Running, T0), list, T0.AddSeconds(60));

        Assert.Equal((5, 3), (JobProgress.FramesOf(tasks["stylize/0000/0000/01"]), JobProgress.FramesOf(tasks["stylize/0000/0001/01"])));
        Assert.Equal(8, rates.FrameWorkDone);
        Assert.Equal(total, rates.FrameWorkTotal);
        Assert.Equal(15.0 / 8, rates.SecondsPerFrame!.Value, 6);
        // 8 frames in the minute since the first stylize task began.
        Assert.Equal(8.0, rates.FramesPerMinute);
        Assert.Equal(Math.Round((total - 8) / 8.0 * 60), rates.EtaSeconds);
        Assert.Equal(60, rates.ElapsedSeconds);
        Assert.Equal(10, rates.FramesTotal);
    }

    [Fact]
    public void AJobWithNothingStylizedHasNoRateAndNoEtaAndAFinishedOneStopsItsClock()
    {
        var tasks = Tasks().Values.ToList();
        var running = JobProgress.Rates(Status(JobState.Running, T0), tasks, T0.AddSeconds(30));
        var finished = JobProgress.Rates(Status(JobState.Cancelled, T0.AddSeconds(42)), tasks, T0.AddHours(3));

        Assert.Equal((null, null, null), (running.SecondsPerFrame, running.FramesPerMinute, running.EtaSeconds));
        Assert.Equal(42, finished.ElapsedSeconds);
        Assert.Null(finished.EtaSeconds);
    }

    [Fact]
    public void TheTimelineHasOneLanePerSiloWithEachAttemptFromItsStartToItsCommitAndARunningOneOpen()
    {
        var tasks = Tasks();
        tasks["plan"] = Ran(tasks["plan"], "b", 0, 1);
        tasks["flow/0000/0000"] = Ran(tasks["flow/0000/0000"], "a", 1, 3);
        tasks["flow/0000/0001"] = Ran(tasks["flow/0000/0001"], "b", 1, 2);
        tasks["stylize/0000/0001/01"] = Ran(tasks["stylize/0000/0001/01"], "b", 2, null);

        var lanes = JobProgress.Timeline(tasks.Values.ToList());

        Assert.Equal(["a", "b"], lanes.Select(l => l.Silo));
        Assert.Equal([("plan", T0, (DateTimeOffset?)T0.AddSeconds(1)), ("flow/0000/0001", T0.AddSeconds(1), T0.AddSeconds(2)), ("stylize/0000/0001/01", T0.AddSeconds(2), null)],
            lanes[1].Bars.Select(b => (b.Key, b.Start, b.End)));
        Assert.Equal("flow/0000/0000", Assert.Single(lanes[0].Bars).Key);
    }

    [Fact]
    public void ErrorsListFailedTasksFirstWithoutTheQueryOfAUrl()
    {
        var tasks = Tasks();
        tasks["flow/0000/0000"] = Ran(tasks["flow/0000/0000"], "a", 0, 1, TaskState.Ready, "timed out reading https://acct.blob.core.windows.net/c/x.flo?sig=SECRET");
        tasks["flow/0001/0000"] = Ran(tasks["flow/0001/0000"], "b", 0, 1, TaskState.Failed, "corrupt input");

        var errors = JobProgress.Errors(tasks.Values.ToList());

        Assert.Equal(["flow/0001/0000", "flow/0000/0000"], errors.Select(e => e.Key));
        Assert.DoesNotContain("SECRET", errors[1].Error);
    }

    [Theory]
    [InlineData(JobState.Running, true, false, false)]
    [InlineData(JobState.Failed, true, true, true)]
    [InlineData(JobState.Cancelled, false, true, false)]
    [InlineData(JobState.Succeeded, false, false, false)]
    public void TheButtonsFollowTheJobGrainsRules(JobState state, bool cancel, bool resume, bool retry) =>
        Assert.Equal(new JobActions(cancel, resume, retry), JobProgress.Actions(state));
}
