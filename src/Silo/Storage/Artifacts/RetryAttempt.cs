namespace StyleFarm.Silo.Storage.Artifacts;

/// <summary>A failed attempt that the Azure SDK's retry policy will retry.</summary>
/// <param name="Attempt">The attempt that failed, from 1.</param>
/// <param name="Delay">How long the SDK waits before the next attempt.</param>
/// <param name="Reason">Why it failed, e.g. "connection refused" or "503 ServerBusy".</param>
/// <param name="Operation">What was attempted, e.g. "Put Block \"job-1/frame-2.png\"".</param>
public sealed record RetryAttempt(int Attempt, TimeSpan Delay, string Reason, string Operation);
