namespace StyleFarm.Silo.Storage.Artifacts;

/// <summary>A failed attempt that will be retried.</summary>
/// <param name="Attempt">The attempt that failed, from 1.</param>
/// <param name="Delay">How long to wait before the next attempt.</param>
/// <param name="Reason">Why it failed, e.g. "connection refused" or "503 ServerBusy".</param>
/// <param name="Operation">What was attempted, e.g. "Put Block List \"job-1/frame-2.png\"".</param>
public sealed record RetryAttempt(int Attempt, TimeSpan Delay, string Reason, string Operation);

/// <summary>
/// Waits out <see cref="RetryAttempt.Delay"/> before the next attempt. The default is
/// <see cref="Task.Delay(TimeSpan, CancellationToken)"/>; tests pass one that records the attempts
/// and waits less.
/// </summary>
public delegate Task RetryDelay(RetryAttempt attempt, CancellationToken cancellationToken);
