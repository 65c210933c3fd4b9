using StyleFarm.Grains.Cluster;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Tasks;
using StyleFarm.Grains.Tests.Support;

namespace StyleFarm.Grains.Tests.Cluster;

/// <summary>A shot grain's compact state: what it keeps of its tasks, and what comes back.</summary>
public sealed class ShotTasksTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void EveryShotsTasksComeBackWithTheSpecsTheGraphBuilt()
    {
        var job = JobId.Parse("0193a5b2c3d47e8f9a0b1c2d3e4f5a6b");
        var graph = new TaskGraphBuilder(new TaskGraphOptions()).Build(job, Samples.Spec(passes: 3), Samples.Plan(passes: 3));

        foreach (var shot in graph.Tasks.Where(t => t.Kind is TaskKind.Flow or TaskKind.Stylize).GroupBy(t => t.Id.Shot))
        {
            var specs = shot.OrderBy(t => t.Id).ToList();
            var records = specs.Select(s => TaskRecord.New(s, At)).ToList();

            var back = ShotTasks.Restore(new ShotGrainState { Layout = ShotTasks.Layout(specs), Entries = ShotTasks.Entries(records) });

            Assert.Equal(specs.Count, back.Count);
            for (var i = 0; i < specs.Count; i++)
            {
                Assert.Equal((specs[i].Id, specs[i].Segment, specs[i].Direction, specs[i].Requirements, specs[i].EstimatedCost, specs[i].CriticalPath),
                    (back[i].Spec.Id, back[i].Spec.Segment, back[i].Spec.Direction, back[i].Spec.Requirements, back[i].Spec.EstimatedCost, back[i].Spec.CriticalPath));
                Assert.Equal(specs[i].Dependencies, back[i].Spec.Dependencies);
                Assert.Equal(records[i], back[i] with { Spec = records[i].Spec });
            }
        }
    }

    [Fact]
    public void ALeasedTaskComesBackReadyWithItsAttemptsAndAFailedOneWithItsError()
    {
        var job = JobId.Parse("0193a5b2c3d47e8f9a0b1c2d3e4f5a6b");
        var specs = new TaskGraphBuilder(new TaskGraphOptions()).Build(job, Samples.Spec(), Samples.Plan())
            .Tasks.Where(t => t.Id.Shot == 1 && t.Kind is TaskKind.Flow or TaskKind.Stylize).OrderBy(t => t.Id).ToList();
        var flow = TaskRecord.New(specs[0], At).MoveTo(TaskState.Ready, At) with { Attempts = 1 };
        var leased = AttemptRules.Begin(flow, LeaseToken.New(), "silo-1", At);
        var failed = TaskRecord.New(specs[1], At).MoveTo(TaskState.Ready, At).MoveTo(TaskState.Leased, At).MoveTo(TaskState.Failed, At) with
        {
            Attempts = 4, LastError = "in.mp4: no such file",
        };

        var back = ShotTasks.Restore(new ShotGrainState { Layout = ShotTasks.Layout(specs), Entries = ShotTasks.Entries([leased, failed, TaskRecord.New(specs[2], At)]) });

        Assert.Equal((TaskState.Ready, 1, null), (back[0].State, back[0].Attempts, back[0].Lease));
        Assert.Equal((TaskState.Failed, 4, "in.mp4: no such file"), (back[1].State, back[1].Attempts, back[1].LastError));
        Assert.Equal(TaskState.Blocked, back[2].State);
    }

    [Fact]
    public void ASucceededTaskComesBackWithTheSiloThatCommittedIt_AFailedOneWithWhetherItWasPermanent()
    {
        var job = JobId.Parse("0193a5b2c3d47e8f9a0b1c2d3e4f5a6b");
        var specs = new TaskGraphBuilder(new TaskGraphOptions()).Build(job, Samples.Spec(), Samples.Plan())
            .Tasks.Where(t => t.Id.Shot == 1 && t.Kind is TaskKind.Flow or TaskKind.Stylize).OrderBy(t => t.Id).ToList();
        var token = LeaseToken.New();
        var begun = AttemptRules.Begin(TaskRecord.New(specs[0], At).MoveTo(TaskState.Ready, At) with { Attempts = 1 }, token, "silo-2", At);
        var done = LeaseTransitions.Commit(begun, token, At.AddSeconds(1));
        var failed = TaskRecord.New(specs[1], At).MoveTo(TaskState.Ready, At).MoveTo(TaskState.Leased, At).MoveTo(TaskState.Failed, At) with
        {
            Attempts = 1, LastError = "in.mp4 is not a video", Silo = "silo-3", Permanent = true,
        };

        var back = ShotTasks.Restore(new ShotGrainState { Layout = ShotTasks.Layout(specs), Entries = ShotTasks.Entries([done, failed, TaskRecord.New(specs[2], At)]) });

        Assert.Equal((TaskState.Succeeded, "silo-2", 2, false, (DateTimeOffset?)At), (back[0].State, back[0].Silo, back[0].AttemptsMade, back[0].Permanent, back[0].StartedAt));
        Assert.Equal((TaskState.Failed, "silo-3", 1, true), (back[1].State, back[1].Silo, back[1].AttemptsMade, back[1].Permanent));
        Assert.Equal(((string?)null, 0), (back[2].Silo, back[2].AttemptsMade));
    }
}
