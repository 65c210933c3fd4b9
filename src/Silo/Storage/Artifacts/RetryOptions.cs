namespace StyleFarm.Silo.Storage.Artifacts;

/// <summary>
/// How often and how patiently the Azure SDK retries a request when the storage is unreachable,
/// timed out or overloaded (the SDK's rule: connection failures, per-attempt timeouts, HTTP 408,
/// 429, 500, 502, 503, 504). Other answers are never retried.
/// </summary>
/// <remarks>
/// The SDK's exponential delay: the wait after failed attempt n is about
/// min(<see cref="MaxDelay"/>, <see cref="BaseDelay"/> · 2^(n−1)) with ±20 % jitter, or the server's
/// Retry-After when that is longer. With the defaults the waits are about 0.5, 1, 2, 4 and 8 s: a store
/// that is back within about 12 s is reached.
/// </remarks>
public sealed record RetryOptions
{
    /// <summary>Attempts in all, the first included; 1 turns retries off. Default: 6.</summary>
    public int MaxAttempts { get; init; } = 6;

    /// <summary>The first wait. Default: 500 ms.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>No computed wait is longer than this. Default: 10 s.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that is out of range.</summary>
    public void Validate()
    {
        if (MaxAttempts < 1)
            throw new ArgumentException($"RetryOptions.MaxAttempts is {MaxAttempts}; it must be at least 1 (1 means no retries).");
        if (BaseDelay < TimeSpan.Zero)
            throw new ArgumentException($"RetryOptions.BaseDelay is {BaseDelay}; it must not be negative.");
        if (MaxDelay < BaseDelay)
            throw new ArgumentException($"RetryOptions.MaxDelay ({MaxDelay}) is shorter than BaseDelay ({BaseDelay}).");
    }
}
