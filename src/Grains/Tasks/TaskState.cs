namespace StyleFarm.Grains.Tasks;

/// <summary>Where a task is; <see cref="TaskStateMachine"/> says which moves are legal.</summary>
public enum TaskState
{
    /// <summary>Waiting for a dependency to succeed.</summary>
    Blocked,

    /// <summary>Every dependency succeeded; a worker may lease it (once its backoff time has passed).</summary>
    Ready,

    /// <summary>A worker holds a lease on it and heartbeats while it runs.</summary>
    Leased,

    /// <summary>Its artifacts are committed. Final: resume keeps it.</summary>
    Succeeded,

    /// <summary>It used up its attempts; its last error is kept.</summary>
    Failed,

    /// <summary>Its job was cancelled before it finished.</summary>
    Cancelled,
}
