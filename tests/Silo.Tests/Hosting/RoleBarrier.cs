using StyleFarm.Silo.Hosting;

namespace StyleFarm.Silo.Tests.Hosting;

/// <summary>Completes when a coordinator role takes the lock, or when it has stood by (asked and been refused).</summary>
public sealed class RoleBarrier
{
    private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _standingBy = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RoleBarrier(CoordinatorRole role)
    {
        role.HeldChanged += held =>
        {
            if (held) _held.TrySetResult();
        };
        role.StandingBy += () => _standingBy.TrySetResult();
        // The role may have moved before the handlers were attached.
        if (role.IsHeld) _held.TrySetResult();
    }

    public Task Held => _held.Task;

    public Task StandingBy => _standingBy.Task;
}
