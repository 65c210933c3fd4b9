using System.Net;

namespace StyleFarm.Silo.Storage.Artifacts;

/// <summary>Exponential backoff with equal jitter (see <see cref="RetryOptions"/>) and the rule of what is retried.</summary>
public sealed class RetryPolicy
{
    private readonly RetryDelay _delay;
    private readonly Random _random;

    /// <summary>Creates the policy.</summary>
    /// <param name="options">Attempts and delays.</param>
    /// <param name="delay">How a wait is carried out; default <see cref="Task.Delay(TimeSpan, CancellationToken)"/>.</param>
    /// <param name="random">The jitter's source; default <see cref="Random.Shared"/>.</param>
    public RetryPolicy(RetryOptions options, RetryDelay? delay = null, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _delay = delay ?? ((attempt, token) => Task.Delay(attempt.Delay, token));
        _random = random ?? Random.Shared;
    }

    /// <summary>The attempts and delays.</summary>
    public RetryOptions Options { get; }

    /// <summary>Whether an HTTP answer is worth another attempt: 408, 429 and 5xx other than 501 and 505.</summary>
    public static bool IsRetryable(HttpStatusCode status) => status switch
    {
        HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests => true,
        HttpStatusCode.NotImplemented or HttpStatusCode.HttpVersionNotSupported => false,
        _ => (int)status >= 500 && (int)status < 600,
    };

    /// <summary>
    /// The wait after failed attempt <paramref name="failedAttempt"/> (from 1): uniform in [d/2, d],
    /// d = min(MaxDelay, BaseDelay · 2^(attempt−1)); at least <paramref name="retryAfter"/> when the
    /// server asked for it, and never more than MaxDelay.
    /// </summary>
    public TimeSpan DelayAfter(int failedAttempt, TimeSpan? retryAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempt, 1);
        var cap = Options.MaxDelay.Ticks;
        // Doubling stops at the cap, so the shift never overflows.
        var bound = Options.BaseDelay.Ticks;
        for (var i = 1; i < failedAttempt && bound < cap; i++) bound = Math.Min(cap, bound * 2);
        bound = Math.Min(cap, bound);
        double unit;
        lock (_random) unit = _random.NextDouble();
        var ticks = bound / 2 + (long)(unit * (bound - bound / 2));
        if (retryAfter is { } asked) ticks = Math.Max(ticks, Math.Min(cap, asked.Ticks));
        return TimeSpan.FromTicks(ticks);
    }

    /// <summary>Waits before the next attempt through the injected delay.</summary>
    public Task WaitAsync(RetryAttempt attempt, CancellationToken cancellationToken) => _delay(attempt, cancellationToken);
}
