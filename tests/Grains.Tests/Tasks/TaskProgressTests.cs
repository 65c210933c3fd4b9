using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Tests.Tasks;

public class TaskProgressTests
{
    private static readonly JobId Job = JobId.Parse("0193a5b2c3d47e8f9a0b1c2d3e4f5a6b");
    private static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static TaskRecord Record(TaskId id, TaskState state, int seconds, string? error = null) =>
        new(new TaskSpec(id, null, PassDirection.None, [], new TaskRequirements(false, 0), 1, 1), state, 4, T0.AddSeconds(seconds), LastError: error);

    [Fact]
    public void CountsEachStateAndReportsTheEarliestFailure()
    {
        var progress = TaskProgress.Of(
        [
            Record(TaskId.Plan(Job), TaskState.Succeeded, 0),
            Record(TaskId.Flow(Job, 0, 0), TaskState.Failed, 9, "late"),
            Record(TaskId.Flow(Job, 0, 1), TaskState.Failed, 3, "out of memory"),
            Record(TaskId.Flow(Job, 0, 2), TaskState.Leased, 1),
            Record(TaskId.Stylize(Job, 0, 0, 1), TaskState.Blocked, 0),
            Record(TaskId.Stylize(Job, 0, 1, 1), TaskState.Ready, 0),
            Record(TaskId.Encode(Job), TaskState.Cancelled, 0),
        ]);
        Assert.Equal((1, 1, 1, 1, 2, 1, 7), (progress.Blocked, progress.Ready, progress.Leased, progress.Succeeded, progress.Failed, progress.Cancelled, progress.Total));
        Assert.Equal("task flow/0000/0001 failed after 4 attempts: out of memory", progress.FirstFailure!.ToString());
    }

    [Fact]
    public void NoFailureMeansNoFirstFailure() =>
        Assert.Null(TaskProgress.Of([Record(TaskId.Plan(Job), TaskState.Ready, 0)]).FirstFailure);
}
