using StyleFarm.Grains.Cluster;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Tasks;
using StyleFarm.Grains.Tests.Support;

namespace StyleFarm.Grains.Tests.Cluster;

/// <summary>What a shot reports to its job: frames done by the last pass, and per pass, so a multi-pass job's progress shows before its last pass.</summary>
public sealed class ShotProgressTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AMultiPassShotWhoseFirstPassIsDoneReportsItsFramesForThatPassAndNoneForTheLast()
    {
        var job = JobId.Parse("0193a5b2c3d47e8f9a0b1c2d3e4f5a6b");
        var specs = new TaskGraphBuilder(new TaskGraphOptions()).Build(job, Samples.Spec(passes: 3), Samples.Plan(passes: 3))
            .Tasks.Where(t => t.Id.Shot == 0 && t.Kind is TaskKind.Flow or TaskKind.Stylize).ToList();
        // Shot 0 is [0, 6) in segments [0, 4) and [4, 6): every flow and pass 1 done, pass 2 of the first segment done.
        var tasks = specs.Select(s => new TaskRecord(s, s.Kind == TaskKind.Flow || s.Pass == 1 || (s.Pass == 2 && s.Segment!.Index == 0)
            ? TaskState.Succeeded : TaskState.Blocked, 0, At)).ToList();

        var progress = ShotProgress.Of(tasks);

        Assert.Equal(0, progress.FramesDone);
        Assert.Equal([6, 4, 0], progress.FramesByPass);
    }
}
