namespace StyleFarm.Silo.Worker;

/// <summary>The in-process <see cref="IWorkSignal"/>: <see cref="Notify"/> wakes every waiting worker. Thread-safe.</summary>
public sealed class WorkSignal : IWorkSignal
{
    private readonly object _gate = new();
    private long _version;
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <inheritdoc />
    public long Version
    {
        get { lock (_gate) return _version; }
    }

    /// <summary>Says that work may be ready.</summary>
    public void Notify()
    {
        TaskCompletionSource reached;
        lock (_gate)
        {
            _version++;
            reached = _next;
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        reached.SetResult();
    }

    /// <inheritdoc />
    public Task WaitAsync(long seen, CancellationToken cancellationToken)
    {
        Task next;
        lock (_gate)
        {
            if (_version > seen) return Task.CompletedTask;
            next = _next.Task;
        }
        return next.WaitAsync(cancellationToken);
    }
}
