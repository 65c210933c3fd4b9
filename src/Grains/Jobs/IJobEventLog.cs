using StyleFarm.Grains.Signals;

namespace StyleFarm.Grains.Jobs;

/// <summary>
/// Reads the jobs' history as it grows, for <c>stylefarm watch</c> and the dashboard: list what came
/// after the last sequence seen, then wait for the next change instead of polling.
/// </summary>
public interface IJobEventLog
{
    /// <summary>
    /// The events with a sequence above <paramref name="after"/> (0: from the start), oldest first, at
    /// most <paramref name="limit"/>; of <paramref name="job"/> only, or of every job when it is null.
    /// Sequences are visible in order: once an event is listed, none with a lower sequence appears later.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="after"/> is negative or <paramref name="limit"/> is not positive.</exception>
    Task<IReadOnlyList<JobEventRecord>> ListEventsAsync(JobId? job, long after, int limit, CancellationToken cancellationToken);

    /// <summary>A listener set whenever, after this call returns, an event is appended or a job changes state.</summary>
    Task<SignalListener> ListenForJobChangesAsync(CancellationToken cancellationToken);
}
