namespace StyleFarm.Grains.Cluster;

/// <summary>The dispatcher's limits; every default is given here.</summary>
public sealed record DispatcherOptions
{
    /// <summary>
    /// The longest the dispatcher waits for an owner grain to begin or take back an attempt (a grain call, which
    /// fails fast when the owner's silo died, but must never hold a worker's request for Orleans' 30 s response
    /// timeout). Default 5 s.
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
}
