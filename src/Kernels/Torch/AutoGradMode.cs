using StyleFarm.Kernels.Torch.Native;

namespace StyleFarm.Kernels.Torch;

/// <summary>
/// Turns autograd recording on or off for this thread until disposed, then restores the previous
/// mode (torch.no_grad() and torch.enable_grad() return one). Dispose it on the thread that made it.
/// </summary>
public sealed class AutoGradMode : IDisposable
{
    private readonly bool _previous;
    private bool _disposed;

    /// <summary>Sets the thread's grad mode to <paramref name="enabled"/>.</summary>
    public AutoGradMode(bool enabled)
    {
        _previous = IsEnabled;
        AutogradNative.SetGradEnabled(enabled ? 1 : 0);
    }

    /// <summary>Whether autograd records operations on this thread now.</summary>
    public static bool IsEnabled => AutogradNative.IsGradEnabled() != 0;

    /// <summary>Restores the mode that was in force before.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        AutogradNative.SetGradEnabled(_previous ? 1 : 0);
    }
}
