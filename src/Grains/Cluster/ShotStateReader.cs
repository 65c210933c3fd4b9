using Orleans.Storage;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Cluster;

/// <summary>
/// Reads shots' tasks from their persisted state without activating their grains: a list of a long film's tasks
/// (thousands of shots) or a job grain catching up after it moved must not wake every shot. A shot grain persists
/// when a task finishes, is promoted or reset, never when an attempt begins: a task whose attempt is out reads
/// Ready here (the dispatcher knows the attempts, <see cref="IDispatcherGrain.RunningAsync"/>).
/// </summary>
public sealed class ShotStateReader(IGrainStorage storage, IGrainFactory grains)
{
    /// <summary>The name of a shot grain's state in the storage (its <c>PersistentState</c> name).</summary>
    public const string StateName = "shot";

    // Reads in flight at once: a film's shots are read in parallel, but not all at once against the database.
    private const int Parallelism = 16;

    /// <summary>The tasks of shot <paramref name="shot"/> of <paramref name="job"/>, in id order; empty before the job handed the shot its tasks.</summary>
    public async Task<IReadOnlyList<TaskRecord>> ReadAsync(JobId job, int shot)
    {
        var grainId = grains.GetGrain<IShotGrain>(ShotKey.Of(job, shot)).GetGrainId();
        var state = new GrainState<ShotGrainState>(new ShotGrainState());
        await storage.ReadStateAsync(StateName, grainId, state).ConfigureAwait(false);
        return state.State?.Layout is null ? [] : ShotTasks.Restore(state.State);
    }

    /// <summary>The tasks of shots 0 … <paramref name="shots"/> − 1 of <paramref name="job"/>, by shot.</summary>
    public async Task<IReadOnlyList<TaskRecord>[]> ReadAllAsync(JobId job, int shots, CancellationToken cancellationToken = default)
    {
        var result = new IReadOnlyList<TaskRecord>[shots];
        await Parallel.ForEachAsync(Enumerable.Range(0, shots), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (shot, _) => result[shot] = await ReadAsync(job, shot).ConfigureAwait(false)).ConfigureAwait(false);
        return result;
    }
}
