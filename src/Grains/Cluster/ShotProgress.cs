using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Cluster;

/// <summary>A shot's tasks counted by state, and its frames done, as it reports them to its job.</summary>
[GenerateSerializer, Immutable]
public sealed record ShotProgress
{
    /// <summary>Counts by <see cref="TaskState"/> (index = the state's value).</summary>
    [Id(0)] public required int[] Counts { get; init; }

    /// <summary>The earliest failed task, if one failed.</summary>
    [Id(1)] public TaskFailureSummary? FirstFailure { get; init; }

    /// <summary>Core frames of the segments whose last pass succeeded.</summary>
    [Id(2)] public int FramesDone { get; init; }

    /// <summary>Orders a shot's reports, which travel one way and may arrive out of order: the job keeps the highest.</summary>
    [Id(3)] public long Sequence { get; init; }

    /// <summary>Per pass (index p − 1): core frames of the segments whose pass p succeeded. A multi-pass job's last pass comes last, so this is how far its earlier passes are.</summary>
    [Id(4)] public int[] FramesByPass { get; init; } = [];

    /// <summary>The job's run the shot was in when it reported (<see cref="JobGrainState.Run"/>): a report that overtook a retry or resume says nothing about the new run.</summary>
    [Id(5)] public int Run { get; init; }

    /// <summary>Every task of the shot succeeded.</summary>
    public bool Done => Counts.Sum() > 0 && Counts[(int)TaskState.Succeeded] == Counts.Sum();

    /// <summary>The counts of <paramref name="tasks"/> (one shot's flow and stylize tasks).</summary>
    public static ShotProgress Of(IReadOnlyCollection<TaskRecord> tasks)
    {
        var progress = TaskProgress.Of(tasks);
        var lastPass = tasks.Where(t => t.Id.Kind == TaskKind.Stylize).Select(t => t.Id.Pass).DefaultIfEmpty(0).Max();
        var byPass = new int[lastPass];
        foreach (var t in tasks.Where(t => t is { State: TaskState.Succeeded, Id.Kind: TaskKind.Stylize }))
            byPass[t.Id.Pass - 1] += t.Spec.Segment!.Core.Count;
        return new ShotProgress
        {
            Counts = [progress.Blocked, progress.Ready, progress.Leased, progress.Succeeded, progress.Failed, progress.Cancelled],
            FirstFailure = progress.FirstFailure,
            FramesDone = tasks.Where(t => t is { State: TaskState.Succeeded, Id.Kind: TaskKind.Stylize } && t.Id.Pass == lastPass)
                .Sum(t => t.Spec.Segment!.Core.Count),
            FramesByPass = byPass,
        };
    }
}
