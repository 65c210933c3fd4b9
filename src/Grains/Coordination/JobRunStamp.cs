namespace StyleFarm.Grains.Coordination;

/// <summary>
/// Orders what a job grain tells the dispatcher about the job ("started", "stopped"), which may arrive late and out of
/// order: the job re-sends an owed message every second, and a call that timed out can still be delivered afterwards.
/// Within a run (the job's <c>Run</c>, counted up by each resume and retry-failed) "started" comes before "stopped"; every
/// message of a run comes before those of the next: started(r) &lt; stopped(r) &lt; started(r + 1). A message older than the
/// last one applied for the job is stale (a "stopped" of run r arriving after "started" of run r + 1 would drop a running job).
/// </summary>
/// <param name="Run">The job's run the message belongs to (0 for its first).</param>
/// <param name="Stopped">It says "stopped" (cancelled, failed or succeeded); false: "started".</param>
public readonly record struct JobRunStamp(int Run, bool Stopped)
{
    /// <summary>"Started" of run <paramref name="run"/>.</summary>
    public static JobRunStamp Started(int run) => new(run, false);

    /// <summary>"Stopped" of run <paramref name="run"/>.</summary>
    public static JobRunStamp Ended(int run) => new(run, true);

    /// <summary>The stamp as one number, increasing in message order (what the dispatcher persists per job).</summary>
    public long Order => Run * 2L + (Stopped ? 1 : 0);

    /// <summary>
    /// Whether this message is older than the one whose <see cref="Order"/> was last applied (<paramref name="applied"/>;
    /// null when none was). The same message again (re-sent after a timeout that hid its delivery) is not stale: applying it twice changes nothing.
    /// </summary>
    public bool IsOlderThan(long? applied) => applied is { } last && Order < last;
}
