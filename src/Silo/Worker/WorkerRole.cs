using Microsoft.Extensions.Logging;
using StyleFarm.Silo.Hosting;

namespace StyleFarm.Silo.Worker;

/// <summary>
/// A silo's worker role: runs its <see cref="Worker"/> (short grain calls for work, the executors outside any grain
/// call) until stopped, then releases what it owns (the style models, the model store's HTTP client). The attempt it
/// was running when stopped goes back to the queue when the silo leaves the cluster (membership declares it dead).
/// </summary>
public sealed class WorkerRole : ISiloRole
{
    private readonly Worker _worker;
    private readonly IReadOnlyList<IDisposable> _owned;
    private readonly ILogger _log;

    /// <summary>A role over a built worker.</summary>
    /// <param name="worker">Asks for and runs tasks.</param>
    /// <param name="owned">Disposed when the role stops.</param>
    /// <param name="log">Where finished tasks are reported.</param>
    public WorkerRole(Worker worker, IReadOnlyList<IDisposable> owned, ILogger log)
    {
        _worker = worker;
        _owned = owned;
        _log = log;
        worker.TaskFinished += r => log.LogInformation("worker: task {Task} {Status} in {Seconds:0.0} s{Error}", r.Task.Key, r.Status,
            r.Elapsed.TotalSeconds, r.Error is null ? "" : $": {r.Error}");
    }

    /// <inheritdoc />
    public string Name => "worker";

    /// <inheritdoc />
    public async Task RunAsync(CancellationToken stop)
    {
        _log.LogInformation("worker: asking the dispatcher for tasks as silo {Silo}", _worker.Silo);
        try
        {
            await _worker.RunAsync(stop).ConfigureAwait(false);
        }
        finally
        {
            foreach (var owned in _owned) owned.Dispose();
            _log.LogInformation("worker: stopped");
        }
    }
}
