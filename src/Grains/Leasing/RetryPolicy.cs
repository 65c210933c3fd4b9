using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Leasing;

/// <summary>
/// Decides what follows an attempt that failed or expired: retry after an exponential backoff
/// (base × 2^(n−1) after the n-th failed attempt, capped), or fail the task once it has made
/// <see cref="LeaseOptions.MaxAttempts"/> attempts.
/// </summary>
public sealed class RetryPolicy
{
    private readonly LeaseOptions _options;

    /// <summary>Uses <paramref name="options"/>.</summary>
    public RetryPolicy(LeaseOptions options)
    {
        options.Validate();
        _options = options;
    }

    /// <summary>The attempt limit.</summary>
    public int MaxAttempts => _options.MaxAttempts;

    /// <summary>
    /// The wait after the <paramref name="failedAttempts"/>-th failed attempt (from 1):
    /// min(base × 2^(n−1), cap). With the defaults: 5 s, 10 s, 20 s, 40 s, … 5 min.
    /// </summary>
    public TimeSpan Backoff(int failedAttempts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);
        var wait = _options.BackoffBase;
        // Doubling stops at the cap, so no exponent can overflow.
        for (var n = 1; n < failedAttempts && wait < _options.BackoffCap; n++)
            wait *= 2;
        return wait < _options.BackoffCap ? wait : _options.BackoffCap;
    }

    /// <summary>The outcome of the current attempt of leased <paramref name="task"/> ending with <paramref name="error"/>.</summary>
    /// <exception cref="InvalidOperationException">The task is not leased.</exception>
    public TaskFailure OnFailure(TaskRecord task, FailureCause cause, string error, DateTimeOffset now)
    {
        var lease = task.Lease;
        if (task.State != TaskState.Leased || lease is null)
            throw new InvalidOperationException($"task {task.Id} is {task.State}, not leased: only the holder of a lease can fail an attempt");
        var attempts = task.Attempts + 1;
        return attempts >= _options.MaxAttempts
            ? new TaskFailure(task.Id, lease.Token, lease.Silo, cause, error, now, attempts, TaskState.Failed, null)
            : new TaskFailure(task.Id, lease.Token, lease.Silo, cause, error, now, attempts, TaskState.Ready, now + Backoff(attempts));
    }
}
