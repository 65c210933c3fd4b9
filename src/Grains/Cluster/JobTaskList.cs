using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Silos;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Cluster;

/// <summary>
/// Every task of a job for a list (the API's task list, the bench's timeline), from three places and without waking
/// the job's shot grains: the job grain's own tasks, the shots' persisted state (<see cref="ShotStateReader"/>), and
/// the dispatcher's record of the attempts out, which marks those tasks Leased with their silo and start time.
/// </summary>
public sealed class JobTaskList(IGrainFactory grains, ShotStateReader shots)
{
    /// <summary>The tasks of <paramref name="job"/> in id order; null when there is no such job.</summary>
    public async Task<IReadOnlyList<TaskRecord>?> ReadAsync(JobId job, CancellationToken cancellationToken = default)
    {
        var own = await grains.GetGrain<IJobGrain>(job.ToString()).TasksAsync().ConfigureAwait(false);
        if (own is null) return null;
        var running = TaskOwners.Dispatcher(grains).RunningAsync(job);
        var stored = await shots.ReadAllAsync(job, own.ShotCount, cancellationToken).ConfigureAwait(false);
        var attempts = (await running.ConfigureAwait(false)).Where(a => a.Task.Kind is TaskKind.Flow or TaskKind.Stylize).ToDictionary(a => a.Task);
        var tasks = own.Own.Concat(stored.SelectMany(s => s)).Select(t => attempts.TryGetValue(t.Id, out var a) && t.State == TaskState.Ready
            ? t with { State = TaskState.Leased, Lease = new LeaseInfo(a.Token, new SiloId(a.Silo), a.Since), UpdatedAt = a.Since, Silo = a.Silo, StartedAt = a.Since }
            : t);
        return tasks.OrderBy(t => t.Id).ToList();
    }
}
