using Microsoft.Extensions.Logging;
using StyleFarm.Silo.Hosting;

namespace StyleFarm.Silo.Worker;

/// <summary>
/// A silo's worker role: runs its <see cref="Worker"/> until stopped, woken by the task store's work
/// signal through <see cref="StoreWorkSignal"/>; on stop it abandons its task and releases what it owns
/// (the style models, the model store's HTTP client).
/// </summary>
public sealed class WorkerRole : ISiloRole
{
    private readonly Worker _worker;
    private readonly StoreWorkSignal _signal;
    private readonly Grains.Leasing.IWorkSignal _store;
    private readonly IReadOnlyList<IDisposable> _owned;
    private readonly ILogger _log;

    /// <summary>A role over a built worker.</summary>
    /// <param name="worker">Leases and runs tasks.</param>
    /// <param name="signal">The worker's wake-up, fed from <paramref name="store"/>.</param>
    /// <param name="store">The task store's wake-ups.</param>
    /// <param name="owned">Disposed when the role stops.</param>
    /// <param name="log">Where finished tasks and store errors are reported.</param>
    public WorkerRole(Worker worker, StoreWorkSignal signal, Grains.Leasing.IWorkSignal store, IReadOnlyList<IDisposable> owned, ILogger log)
    {
        _worker = worker;
        _signal = signal;
        _store = store;
        _owned = owned;
        _log = log;
        worker.TaskFinished += r => log.LogInformation("worker: task {Task} {Status} in {Seconds:0.0} s{Error}", r.Task.Key, r.Status,
            r.Elapsed.TotalSeconds, r.Error is null ? "" : $": {r.Error}");
        worker.LoopError += e => log.LogWarning("worker: cannot ask the store for work ({Error}); polling again", e.Message);
    }

    /// <inheritdoc />
    public string Name => "worker";

    /// <inheritdoc />
    public async Task RunAsync(CancellationToken stop)
    {
        using var pumping = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var pump = PumpAsync(pumping.Token);
        _log.LogInformation("worker: leasing tasks as silo {Silo}", _worker.Silo);
        try
        {
            await _worker.RunAsync(stop).ConfigureAwait(false);
        }
        finally
        {
            await pumping.CancelAsync().ConfigureAwait(false);
            await pump.ConfigureAwait(false);
            foreach (var owned in _owned) owned.Dispose();
            _log.LogInformation("worker: stopped");
        }
    }

    private async Task PumpAsync(CancellationToken stop)
    {
        try
        {
            await _signal.PumpAsync(_store, stop).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Without wake-ups the worker still polls; say why it is slower.
            _log.LogWarning("worker: cannot listen for work ({Error}); polling only", e.Message);
        }
    }
}
