using System.Runtime.InteropServices;

namespace StyleFarm.Silo.Hosting;

/// <summary>
/// Turns SIGTERM (Kubernetes, `stylefarm cluster down`) and SIGINT (Ctrl-C) into a cancelled token, and
/// keeps the runtime from ending the process at once, so the silo can stop its roles cleanly. A second
/// signal is left to the runtime: it ends the process (an operator who presses Ctrl-C twice means it).
/// </summary>
public sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration[] _registrations;
    private int _received;

    /// <summary>Starts listening for SIGTERM and SIGINT.</summary>
    public ShutdownSignal()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
        ];
    }

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>The first signal received, or null.</summary>
    public PosixSignal? Received { get; private set; }

    /// <summary>Stops listening.</summary>
    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _source.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (Interlocked.Exchange(ref _received, 1) != 0) return;
        Received = context.Signal;
        context.Cancel = true;
        _source.Cancel();
    }
}
