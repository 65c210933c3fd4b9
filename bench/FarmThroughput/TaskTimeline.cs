using StyleFarm.Grains.Tasks;
using StyleFarm.Silo.Api;

namespace StyleFarm.Bench.Throughput;

/// <summary>When one task was leased (and by whom) and when it was committed, as far as the polls saw.</summary>
/// <param name="Key">The task's key.</param>
/// <param name="Dependencies">Keys of the tasks it waited for.</param>
/// <param name="LeasedAt">When its last lease seen was granted; null if no poll caught it running.</param>
/// <param name="Silo">Who held that lease.</param>
/// <param name="FinishedAt">When it was committed; null until it succeeded.</param>
internal sealed record TaskTiming(string Key, IReadOnlyList<string> Dependencies, DateTimeOffset? LeasedAt, string? Silo, DateTimeOffset? FinishedAt);

/// <summary>
/// A job's timeline gathered from polls of <c>GET /api/jobs/{id}/tasks</c>. The store shows a lease only while
/// the task runs, so each poll records the leases it sees; the times themselves are the store's, exact whatever
/// the poll interval. A task that started and ended between two polls keeps no lease time.
/// </summary>
internal sealed class TaskTimeline
{
    private readonly Dictionary<string, TaskTiming> _tasks = new(StringComparer.Ordinal);

    /// <summary>Takes what one poll answered.</summary>
    public void Observe(IReadOnlyList<TaskView> tasks)
    {
        foreach (var task in tasks)
        {
            var known = _tasks.GetValueOrDefault(task.Key) ?? new TaskTiming(task.Key, task.Dependencies, null, null, null);
            _tasks[task.Key] = task.State switch
            {
                // A retried task is leased again: the last lease is the one that led to its commit.
                TaskState.Leased => known with { LeasedAt = task.LeasedAt, Silo = task.Silo },
                TaskState.Succeeded => known with { FinishedAt = task.UpdatedAt },
                _ => known,
            };
        }
    }

    /// <summary>Every task seen so far.</summary>
    public IReadOnlyList<TaskTiming> Tasks => _tasks.Values.ToList();
}
