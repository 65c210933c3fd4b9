using StyleFarm.Grains.Leasing;

namespace StyleFarm.Silo.Worker;

/// <summary>
/// Renews one lease every heartbeat interval on a <see cref="TimeProvider"/> timer while its task runs.
/// The lease is lost when a renewal answers false (taken back, or the job was cancelled), or when the
/// store cannot be reached until the lease's expiry has passed; then <c>onLost</c> is called once, so the
/// worker stops the task and discards it. One renewal is in flight at a time.
/// </summary>
internal sealed class LeaseHeartbeat
{
    private readonly object _gate = new();
    private readonly ILeaseStore _store;
    private readonly LeaseTerms _terms;
    private readonly LeaseToken _token;
    private readonly TimeProvider _time;
    private readonly Action _onLost;
    private readonly ITimer _timer;
    private DateTimeOffset _expiresAt;
    private Task? _renewal;
    private bool _stopped;
    private int _lost;

    public LeaseHeartbeat(ILeaseStore store, LeaseTerms terms, LeaseInfo lease, TimeProvider time, Action onLost)
    {
        _store = store;
        _terms = terms;
        _token = lease.Token;
        _expiresAt = lease.ExpiresAt;
        _time = time;
        _onLost = onLost;
        _timer = time.CreateTimer(_ => Beat(), null, terms.HeartbeatInterval, terms.HeartbeatInterval);
    }

    /// <summary>Whether the lease was lost.</summary>
    public bool Lost => Volatile.Read(ref _lost) == 1;

    /// <summary>Stops renewing and waits for a renewal in flight.</summary>
    public async Task StopAsync()
    {
        Task? renewal;
        lock (_gate)
        {
            _stopped = true;
            renewal = _renewal;
        }
        await _timer.DisposeAsync().ConfigureAwait(false);
        if (renewal is not null) await renewal.ConfigureAwait(false);
    }

    private void Beat()
    {
        lock (_gate)
        {
            // A tick while the previous renewal still waits on the store is skipped, not queued.
            if (_stopped || _renewal is { IsCompleted: false } || Lost) return;
            _renewal = RenewAsync();
        }
    }

    private async Task RenewAsync()
    {
        var expiresAt = _terms.RenewedExpiry();
        bool renewed;
        try
        {
            renewed = await _store.RenewAsync(_token, expiresAt, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The store is unreachable: the lease still holds until its expiry; past it, the task may already be someone else's.
            if (_time.GetUtcNow() >= _expiresAt) MarkLost();
            return;
        }
        if (renewed) _expiresAt = expiresAt;
        else MarkLost();
    }

    private void MarkLost()
    {
        if (Interlocked.Exchange(ref _lost, 1) == 0) _onLost();
    }
}
