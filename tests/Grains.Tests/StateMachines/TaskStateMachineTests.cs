using StyleFarm.Grains.StateMachines;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Tests.StateMachines;

public class TaskStateMachineTests
{
    private static readonly HashSet<(TaskState, TaskState)> Legal =
    [
        (TaskState.Blocked, TaskState.Ready), (TaskState.Blocked, TaskState.Cancelled),
        (TaskState.Ready, TaskState.Leased), (TaskState.Ready, TaskState.Blocked), (TaskState.Ready, TaskState.Cancelled),
        (TaskState.Leased, TaskState.Succeeded), (TaskState.Leased, TaskState.Ready), (TaskState.Leased, TaskState.Failed), (TaskState.Leased, TaskState.Cancelled),
        (TaskState.Failed, TaskState.Blocked),
        (TaskState.Cancelled, TaskState.Blocked),
    ];

    public static TheoryData<TaskState, TaskState> AllPairs()
    {
        var data = new TheoryData<TaskState, TaskState>();
        foreach (var from in Enum.GetValues<TaskState>())
            foreach (var to in Enum.GetValues<TaskState>())
                data.Add(from, to);
        return data;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void ExactlyTheDocumentedMovesAreLegal(TaskState from, TaskState to)
    {
        Assert.Equal(Legal.Contains((from, to)), TaskStateMachine.CanMove(from, to));
        if (!Legal.Contains((from, to)))
            Assert.Throws<IllegalTransitionException>(() => TaskStateMachine.Move(from, to));
    }

    [Fact]
    public void IllegalMoveNamesBothStates()
    {
        var e = Assert.Throws<IllegalTransitionException>(() => TaskStateMachine.Move(TaskState.Blocked, TaskState.Leased));
        Assert.Equal("a task cannot go from Blocked to Leased: from Blocked a task may only go to Ready, Cancelled", e.Message);
    }
}
