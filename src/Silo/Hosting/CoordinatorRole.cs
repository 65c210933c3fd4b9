using Microsoft.Extensions.Logging;
using StyleFarm.Grains.Coordination;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Leasing;

namespace StyleFarm.Silo.Hosting;

/// <summary>
/// The coordinator role: while this silo holds the coordinator lock, it advances every active job
/// (<see cref="Coordinator.AdvanceAllAsync"/>) and sweeps expired leases (<see cref="LeaseSweeper"/>)
/// every <see cref="CoordinatorRoleOptions.Interval"/>, sooner when a job changes. Without the lock it
/// is a standby and tries again every <see cref="CoordinatorRoleOptions.StandbyInterval"/>. It checks the
/// lock before every round (a lost database session loses it) and gives it up when stopped, so another
/// silo takes over. All of the coordinator's state is in the store, so a new holder simply carries on.
/// </summary>
public sealed class CoordinatorRole : ISiloRole
{
    private readonly CoordinatorRoleOptions _options;
    private readonly ICoordinatorElection _election;
    private readonly Coordinator _coordinator;
    private readonly LeaseSweeper _sweeper;
    private readonly IJobEventLog _changes;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private volatile bool _held;

    /// <summary>A coordinator role over one store's sides.</summary>
    /// <param name="options">Intervals and domain settings.</param>
    /// <param name="election">Who holds the role.</param>
    /// <param name="coordinator">Advances the jobs.</param>
    /// <param name="sweeper">Takes back expired leases.</param>
    /// <param name="changes">Wakes the holder when a job changes.</param>
    /// <param name="time">The clock of both intervals.</param>
    /// <param name="log">Where the role says when it takes, loses and gives up the lock.</param>
    public CoordinatorRole(CoordinatorRoleOptions options, ICoordinatorElection election, Coordinator coordinator, LeaseSweeper sweeper,
        IJobEventLog changes, TimeProvider time, ILogger log)
    {
        options.Validate();
        _options = options;
        _election = election;
        _coordinator = coordinator;
        _sweeper = sweeper;
        _changes = changes;
        _time = time;
        _log = log;
    }

    /// <inheritdoc />
    public string Name => "coordinator";

    /// <summary>Whether this silo holds the coordinator lock now.</summary>
    public bool IsHeld => _held;

    /// <summary>Raised with true when this silo takes the lock and false when it loses or gives it up.</summary>
    public event Action<bool>? HeldChanged;

    /// <summary>Raised each time this silo asked for the lock and did not get it (held elsewhere, or the store did not answer): it stands by.</summary>
    public event Action? StandingBy;

    /// <summary>Raised after every round the holder completed (jobs advanced, leases swept).</summary>
    public event Action? RoundCompleted;

    /// <inheritdoc />
    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            ICoordinatorLock? held;
            try
            {
                held = await _election.TryAcquireAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _log.LogWarning("coordinator: cannot ask for the coordinator lock ({Error}); trying again in {Seconds} s", e.Message, _options.StandbyInterval.TotalSeconds);
                held = null;
            }
            if (held is null)
            {
                StandingBy?.Invoke();
                if (!await DelayAsync(_options.StandbyInterval, stop).ConfigureAwait(false)) return;
                continue;
            }
            await using (held.ConfigureAwait(false))
            {
                SetHeld(true);
                _log.LogInformation("coordinator: took the coordinator lock; advancing jobs every {Seconds} s", _options.Interval.TotalSeconds);
                try
                {
                    await LeadAsync(held, stop).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    // Stopping: the lock is given back below.
                }
                finally
                {
                    SetHeld(false);
                }
            }
            if (stop.IsCancellationRequested)
            {
                _log.LogInformation("coordinator: gave up the coordinator lock");
                return;
            }
            // Lost (a dead session, most likely a store in trouble): stand back a while so a healthier silo can take it.
            _log.LogWarning("coordinator: lost the coordinator lock; standing by");
            if (!await DelayAsync(_options.StandbyInterval, stop).ConfigureAwait(false)) return;
        }
    }

    private async Task LeadAsync(ICoordinatorLock held, CancellationToken stop)
    {
        Grains.Signals.SignalListener changes;
        try
        {
            changes = await _changes.ListenForJobChangesAsync(stop).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _log.LogWarning("coordinator: cannot listen for job changes ({Error}); giving the lock back", e.Message);
            return;
        }
        using var listening = changes;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (!await held.IsHeldAsync(stop).ConfigureAwait(false)) return;
                await _coordinator.AdvanceAllAsync(stop).ConfigureAwait(false);
                var taken = await _sweeper.SweepAsync(stop).ConfigureAwait(false);
                foreach (var expired in taken)
                    _log.LogInformation("coordinator: took back the lease of task {Task}: {Error}", expired.Task.Id, expired.Failure.Error);
                RoundCompleted?.Invoke();
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A failed round (the store away for a moment) is tried again; the lock check above notices a lost role.
                _log.LogWarning("coordinator: a round failed ({Error}); trying again in {Seconds} s", e.Message, _options.Interval.TotalSeconds);
            }
            if (!await WaitForChangeAsync(changes, stop).ConfigureAwait(false)) return;
        }
    }

    private async Task<bool> WaitForChangeAsync(Grains.Signals.SignalListener changes, CancellationToken stop)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var woken = changes.WaitAsync(Timeout.InfiniteTimeSpan, waiting.Token);
        var tick = Task.Delay(_options.Interval, _time, waiting.Token);
        await Task.WhenAny(woken, tick).ConfigureAwait(false);
        await waiting.CancelAsync().ConfigureAwait(false);
        try { await Task.WhenAll(woken, tick).ConfigureAwait(false); }
        catch (OperationCanceledException)
        {
            // The one that did not finish was cancelled above.
        }
        return !stop.IsCancellationRequested;
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken stop)
    {
        try
        {
            await Task.Delay(delay, _time, stop).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void SetHeld(bool held)
    {
        _held = held;
        HeldChanged?.Invoke(held);
    }
}
