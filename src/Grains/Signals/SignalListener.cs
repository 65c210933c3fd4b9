namespace StyleFarm.Grains.Signals;

/// <summary>
/// One waiter's latch on a <see cref="SignalHub"/>: every raise after <see cref="SignalHub.Listen"/>
/// sets it, and it stays set until a wait consumes it, so a raise that lands between a worker's
/// "nothing to lease" and its next wait is not lost. Several raises before a wait count as one.
/// Dispose it to stop listening.
/// </summary>
public sealed class SignalListener : IDisposable
{
    private readonly object _gate = new();
    private readonly SemaphoreSlim _latch = new(0, 1);
    private readonly Action<SignalListener> _unsubscribe;
    private bool _disposed;

    internal SignalListener(Action<SignalListener> unsubscribe) => _unsubscribe = unsubscribe;

    /// <summary>
    /// Waits until the latch is set (then clears it) or <paramref name="timeout"/> passes. A latch set
    /// before the call returns at once.
    /// </summary>
    /// <returns>True when signalled; false when the timeout passed first.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="ObjectDisposedException">The listener was disposed.</exception>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _latch.WaitAsync(timeout, cancellationToken);
    }

    /// <summary>Whether the latch is set now (a wait would return at once).</summary>
    public bool IsSet
    {
        get { lock (_gate) return !_disposed && _latch.CurrentCount > 0; }
    }

    /// <summary>Stops listening; raises after this are ignored.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
        }
        _unsubscribe(this);
        _latch.Dispose();
    }

    internal void Set()
    {
        lock (_gate)
        {
            // The latch holds at most one signal: waking once is enough to look for work again.
            if (!_disposed && _latch.CurrentCount == 0) _latch.Release();
        }
    }
}
