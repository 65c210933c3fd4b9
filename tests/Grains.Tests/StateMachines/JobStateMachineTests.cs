using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.StateMachines;

namespace StyleFarm.Grains.Tests.StateMachines;

public class JobStateMachineTests
{
    private static readonly HashSet<(JobState, JobState)> Legal =
    [
        (JobState.Submitted, JobState.Planning), (JobState.Submitted, JobState.Cancelled),
        (JobState.Planning, JobState.Running), (JobState.Planning, JobState.Failed), (JobState.Planning, JobState.Cancelled),
        (JobState.Running, JobState.Succeeded), (JobState.Running, JobState.Failed), (JobState.Running, JobState.Cancelled),
        (JobState.Failed, JobState.Planning), (JobState.Failed, JobState.Cancelled),
        (JobState.Cancelled, JobState.Submitted), (JobState.Cancelled, JobState.Planning),
    ];

    public static TheoryData<JobState, JobState> AllPairs()
    {
        var data = new TheoryData<JobState, JobState>();
        foreach (var from in Enum.GetValues<JobState>())
            foreach (var to in Enum.GetValues<JobState>())
                data.Add(from, to);
        return data;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void ExactlyTheDocumentedMovesAreLegal(JobState from, JobState to)
    {
        Assert.Equal(Legal.Contains((from, to)), JobStateMachine.CanMove(from, to));
        if (Legal.Contains((from, to)))
            Assert.Equal(to, JobStateMachine.Move(from, to));
        else
            Assert.Throws<IllegalTransitionException>(() => JobStateMachine.Move(from, to));
    }

    [Fact]
    public void IllegalMoveNamesBothStatesAndTheAllowedOnes()
    {
        var e = Assert.Throws<IllegalTransitionException>(() => JobStateMachine.Move(JobState.Submitted, JobState.Succeeded));
        Assert.Equal("a job cannot go from Submitted to Succeeded: from Submitted a job may only go to Planning, Cancelled", e.Message);
        Assert.Equal(("job", "Submitted", "Succeeded"), (e.Subject, e.From, e.To));
    }

    [Fact]
    public void SucceededIsFinalAndSaysSo()
    {
        Assert.True(JobStateMachine.Table.IsTerminal(JobState.Succeeded));
        var e = Assert.Throws<IllegalTransitionException>(() => JobStateMachine.Move(JobState.Succeeded, JobState.Cancelled));
        Assert.Equal("a job cannot go from Succeeded to Cancelled: Succeeded is final: nothing leaves it", e.Message);
    }

    [Fact]
    public void OnlyPlanningAndRunningJobsLeaseTasks()
    {
        var leasable = Enum.GetValues<JobState>().Where(JobStateMachine.IsLeasable).ToArray();
        Assert.Equal([JobState.Planning, JobState.Running], leasable);
    }

    [Fact]
    public void JobMoveToUpdatesStateTimeAndErrorOrThrows()
    {
        var t0 = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var job = new Job(new JobId(Guid.CreateVersion7(t0)), Support.Samples.Spec(), JobState.Running, t0, t0);
        var failed = job.MoveTo(JobState.Failed, t0.AddSeconds(5), "boom");
        Assert.Equal((JobState.Failed, t0.AddSeconds(5), "boom"), (failed.State, failed.UpdatedAt, failed.Error));
        Assert.Throws<IllegalTransitionException>(() => job.MoveTo(JobState.Submitted, t0));
    }
}
