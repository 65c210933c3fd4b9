using StyleFarm.Grains.Silos;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Leasing;

/// <summary>
/// The decided outcome of an attempt that did not succeed (see <see cref="RetryPolicy.OnFailure"/>): the
/// task goes back to Ready after a backoff, or to Failed when its attempts are used up. Its owner grain applies
/// it with <see cref="ApplyTo"/> only while the task is still leased under <see cref="Token"/>; the dispatcher
/// counts one failure of <see cref="Silo"/> on the task's job (the blocklist's input).
/// </summary>
/// <param name="Task">The task.</param>
/// <param name="Token">The lease the attempt ran under.</param>
/// <param name="Silo">The silo that held it.</param>
/// <param name="Cause">Why the attempt ended.</param>
/// <param name="Error">What went wrong, in words.</param>
/// <param name="At">When the failure was decided.</param>
/// <param name="Attempts">The task's attempt count including this one.</param>
/// <param name="NextState">Ready (retry) or Failed (attempts used up).</param>
/// <param name="NotBefore">For a retry, the earliest time the task may be leased again.</param>
public sealed record TaskFailure(
    TaskId Task,
    LeaseToken Token,
    SiloId Silo,
    FailureCause Cause,
    string Error,
    DateTimeOffset At,
    int Attempts,
    TaskState NextState,
    DateTimeOffset? NotBefore)
{
    /// <summary>The task after the failure: state, attempts, backoff and error set, lease cleared.</summary>
    /// <exception cref="InvalidOperationException">The task is not leased under <see cref="Token"/>.</exception>
    public TaskRecord ApplyTo(TaskRecord task)
    {
        if (task.Id != Task || task.State != TaskState.Leased || task.Lease?.Token != Token)
            throw new InvalidOperationException($"failure of {Task} under lease {Token} does not apply to {task.Id} in state {task.State} with lease {task.Lease?.Token.ToString() ?? "none"}: check the lease is still held first");
        return task.MoveTo(NextState, At) with { Attempts = Attempts, NotBefore = NotBefore, Lease = null, LastError = Error };
    }
}
