namespace StyleFarm.Grains.Signals;

/// <summary>
/// Fans one kind of wake-up ("a task may have become leasable", "a job changed") out to every
/// <see cref="SignalListener"/>. A store raises it after the change is durable; listeners wake and look
/// for themselves, so a raise carries no data and a spurious one only costs a look.
/// </summary>
public sealed class SignalHub
{
    private readonly object _gate = new();
    private readonly HashSet<SignalListener> _listeners = [];

    /// <summary>A new listener, set by every <see cref="Raise"/> from now until it is disposed.</summary>
    public SignalListener Listen()
    {
        var listener = new SignalListener(Remove);
        lock (_gate) _listeners.Add(listener);
        return listener;
    }

    /// <summary>How many listeners are attached.</summary>
    public int ListenerCount
    {
        get { lock (_gate) return _listeners.Count; }
    }

    /// <summary>Sets every attached listener.</summary>
    public void Raise()
    {
        SignalListener[] listeners;
        lock (_gate) listeners = [.. _listeners];
        foreach (var listener in listeners) listener.Set();
    }

    private void Remove(SignalListener listener)
    {
        lock (_gate) _listeners.Remove(listener);
    }
}
