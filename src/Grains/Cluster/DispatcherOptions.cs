namespace StyleFarm.Grains.Cluster;

/// <summary>The dispatcher's limits and the coordination grains' call bound; every default is given here.</summary>
public sealed record DispatcherOptions
{
    /// <summary>
    /// The longest a coordination grain waits for another grain: the dispatcher for an owner to begin or take back an
    /// attempt, the job grain for its shots (tasks handed out, cancel, halt, reset, re-offer), the dispatcher and the job
    /// list. A call fails fast when its grain's silo is known dead, but one that reaches a silo that just died would hold the
    /// caller (which serves one call at a time) for Orleans' 30 s response timeout. One bound for all: the same failure,
    /// and each call is a few milliseconds of work. Default 5 s: well above a healthy call on a loaded farm, and
    /// about what membership takes to declare a killed silo dead (`MembershipTimings`). On the real clock, as Orleans' own timeouts.
    /// </summary>
    public TimeSpan OwnerCallTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a ready task of a segment whose flow one worker caches waits for that worker before another may take it
    /// (and compute the flow again). Default 5 s: a stylize task takes minutes and a segment's flow at 1080p tens of
    /// seconds, so a few seconds' wait is cheap next to computing it twice; 0 turns the preference off (the caching
    /// worker still gets its own segments first when it asks).
    /// </summary>
    public TimeSpan CacheAffinityWait { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Tasks a request may skip because their owner no longer had them Ready, before it answers "nothing". Default 64.</summary>
    public int MaxStaleOffersPerRequest { get; init; } = 64;

    /// <summary>
    /// How often, at most, the dispatcher writes its attempts out when they changed (<see cref="DispatcherGrainState.Attempts"/>):
    /// a write per grant would cost the hand-out rate a database round trip each. Default 1 s: an attempt runs for seconds to
    /// minutes, so all but the attempts begun or ended in the last second before the dispatcher's silo died are remembered;
    /// those begun are run again (a live silo's commit is then refused), those ended are told apart by their owner (a moved
    /// shot keeps only an attempt its stored task shows no end of, <see cref="AttemptRules.Adopts"/>).
    /// </summary>
    public TimeSpan AttemptsFlushInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long the dispatcher remembers the last message it applied of a stopped job (<see cref="DispatcherGrainState.Stamps"/>),
    /// to ignore a late "started" of the run it stopped. Default 5 min: well past Orleans' 30 s response timeout, after which Orleans
    /// drops a request that has not been delivered yet, and short enough that a busy farm's state keeps only a few stopped jobs.
    /// </summary>
    public TimeSpan StoppedJobStampsKept { get; init; } = TimeSpan.FromMinutes(5);
}
