using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Cluster;

/// <summary>A shot's tasks counted by state, as it reports them to its job.</summary>
[GenerateSerializer, Immutable]
public sealed record ShotProgress
{
    /// <summary>Counts by <see cref="TaskState"/> (index = the state's value).</summary>
    [Id(0)] public required int[] Counts { get; init; }

    /// <summary>The earliest failed task, if one failed.</summary>
    [Id(1)] public TaskFailureSummary? FirstFailure { get; init; }

    /// <summary>Every task of the shot succeeded.</summary>
    public bool Done => Counts.Sum() > 0 && Counts[(int)TaskState.Succeeded] == Counts.Sum();

    /// <summary>The counts of <paramref name="tasks"/>.</summary>
    public static ShotProgress Of(IEnumerable<TaskRecord> tasks)
    {
        var progress = TaskProgress.Of(tasks);
        return new ShotProgress
        {
            Counts = [progress.Blocked, progress.Ready, progress.Leased, progress.Succeeded, progress.Failed, progress.Cancelled],
            FirstFailure = progress.FirstFailure,
        };
    }
}
