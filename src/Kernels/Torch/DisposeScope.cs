namespace StyleFarm.Kernels.Torch;

/// <summary>
/// Disposes every tensor created on this thread while it is the innermost scope (an optimisation
/// step's intermediates), unless moved out first. Made by torch.NewDisposeScope(); use with `using`,
/// and dispose on the thread that made it. Scopes nest: an inner scope's tensors can be moved to the
/// outer one with Tensor.MoveToOuterDisposeScope().
/// </summary>
public sealed class DisposeScope : IDisposable
{
    // The innermost open scope of each thread. Per-thread by design, as libtorch's grad mode is: a scope
    // collects what its own thread's code creates, and threads never see each other's scopes.
    [ThreadStatic] private static DisposeScope? t_innermost;

    private readonly HashSet<torch.Tensor> _tensors = new(ReferenceEqualityComparer.Instance);
    private readonly DisposeScope? _outer;
    private bool _disposed;

    internal DisposeScope()
    {
        _outer = t_innermost;
        t_innermost = this;
    }

    /// <summary>How many tensors this scope will dispose.</summary>
    public int DisposablesCount => _tensors.Count;

    /// <summary>The nearest enclosing scope still open, or null.</summary>
    public DisposeScope? OuterScope
    {
        get
        {
            var outer = _outer;
            while (outer is { _disposed: true }) outer = outer._outer;
            return outer;
        }
    }

    /// <summary>Adds a tensor to this scope (taking it from the scope that held it).</summary>
    public torch.Tensor Attach(torch.Tensor tensor)
    {
        ThrowIfDisposed();
        tensor.OwningScope?.Forget(tensor);
        tensor.OwningScope = this;
        _tensors.Add(tensor);
        return tensor;
    }

    /// <summary>Moves tensors to the enclosing scope (or out of every scope when there is none).</summary>
    public void MoveToOuter(params torch.Tensor[] tensors)
    {
        foreach (var tensor in tensors) MoveToOuter(tensor);
    }

    /// <summary>Removes tensors from this scope: the caller disposes them.</summary>
    public void Detach(params torch.Tensor[] tensors)
    {
        foreach (var tensor in tensors)
        {
            if (tensor.OwningScope != this) continue;
            Forget(tensor);
            tensor.OwningScope = null;
        }
    }

    /// <summary>Disposes every tensor of this scope except those given, which stay in it (an optimiser loop's state).</summary>
    public void DisposeEverythingBut(params torch.Tensor[] keep)
    {
        var kept = new HashSet<torch.Tensor>(keep, ReferenceEqualityComparer.Instance);
        foreach (var tensor in _tensors.Where(t => !kept.Contains(t)).ToList())
        {
            _tensors.Remove(tensor);
            tensor.DisposeFromScope();
        }
    }

    /// <summary>Disposes every tensor of this scope, keeping the scope open.</summary>
    public void DisposeEverything() => DisposeEverythingBut();

    /// <summary>Disposes the scope's tensors and closes it.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        DisposeEverything();
        _disposed = true;
        if (t_innermost == this) t_innermost = OuterScope;
    }

    /// <summary>Puts a newly created tensor in this thread's innermost scope, if there is one.</summary>
    internal static void Register(torch.Tensor tensor)
    {
        var scope = t_innermost;
        while (scope is { _disposed: true }) scope = scope._outer;
        if (scope is null) return;
        tensor.OwningScope = scope;
        scope._tensors.Add(tensor);
    }

    internal void MoveToOuter(torch.Tensor tensor)
    {
        if (tensor.OwningScope != this) return;
        Forget(tensor);
        tensor.OwningScope = null;
        OuterScope?.Attach(tensor);
    }

    internal void Forget(torch.Tensor tensor) => _tensors.Remove(tensor);

    private void ThrowIfDisposed() =>
        ObjectDisposedException.ThrowIf(_disposed, this);
}
