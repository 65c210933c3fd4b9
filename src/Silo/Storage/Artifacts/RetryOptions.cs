namespace StyleFarm.Silo.Storage.Artifacts;

/// <summary>
/// How often and how patiently a request to remote storage is retried when the storage is
/// unreachable, timed out or overloaded (connection refused or reset, per-attempt timeout, HTTP 408,
/// 429 and 5xx except 501/505). Other 4xx answers are never retried.
/// </summary>
/// <remarks>
/// The wait after failed attempt n is drawn uniformly from [d/2, d] with
/// d = min(<see cref="MaxDelay"/>, <see cref="BaseDelay"/> · 2^(n−1)) ("equal jitter": writers that
/// failed together do not come back together, and every wait lasts at least d/2). With the defaults
/// the waits are about 0.5, 1, 2, 4 and 8 s: a store that is back within 7.75 s (the least the five
/// waits add up to) is always reached.
/// </remarks>
public sealed record RetryOptions
{
    /// <summary>Attempts in all, the first included; 1 turns retries off. Default: 6.</summary>
    public int MaxAttempts { get; init; } = 6;

    /// <summary>The upper bound of the first wait. Default: 500 ms.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>No wait is longer than this (a server's Retry-After included). Default: 10 s.</summary>
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
