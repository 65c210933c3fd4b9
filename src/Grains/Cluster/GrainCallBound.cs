namespace StyleFarm.Grains.Cluster;

/// <summary>
/// A coordination grain's call to another grain, bounded by <see cref="DispatcherOptions.OwnerCallTimeout"/>: a callee on a
/// silo that just died (not yet declared dead) would otherwise hold the caller, a grain that serves one call at a time, for
/// Orleans' 30 s response timeout. The bound runs on the real clock, as Orleans' own timeouts do (<see cref="GrainClock"/> is
/// the rules' clock, which tests drive by hand).
/// </summary>
public static class GrainCallBound
{
    /// <summary>Waits for <paramref name="call"/> at most <paramref name="timeout"/>.</summary>
    /// <param name="call">The grain call, already made.</param>
    /// <param name="timeout">The bound.</param>
    /// <param name="what">Who was asked what, for the message ("shot 0003 of job 0196…, to re-offer its tasks").</param>
    /// <exception cref="TimeoutException">No answer within <paramref name="timeout"/>; its message says to try again.</exception>
    public static async Task<T> WithinAsync<T>(this Task<T> call, TimeSpan timeout, string what)
    {
        try
        {
            return await call.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException e) when (!call.IsCompleted)
        {
            throw new TimeoutException($"{what}: no answer within {timeout.TotalSeconds:0.#} s (its silo may have just died; " +
                "its grain moves to another silo within seconds): try again", e);
        }
    }

    /// <summary>As <see cref="WithinAsync{T}"/> for a call without an answer.</summary>
    public static async Task WithinAsync(this Task call, TimeSpan timeout, string what) =>
        await WithinAsync(Answered(call), timeout, what).ConfigureAwait(false);

    /// <summary>Whether <paramref name="call"/> answered within <paramref name="timeout"/> (false: it timed out or failed, e.g. its grain could not store the change).</summary>
    public static async Task<bool> TryWithinAsync(this Task call, TimeSpan timeout)
    {
        try
        {
            await call.WaitAsync(timeout).ConfigureAwait(false);
            return true;
        }
        catch
        {
            return false;
        }
    }

    private static async Task<bool> Answered(Task call)
    {
        await call.ConfigureAwait(false);
        return true;
    }
}
