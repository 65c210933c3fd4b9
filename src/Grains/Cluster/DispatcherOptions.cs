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

    /// <summary>Tasks a request may skip because their owner no longer had them Ready, before it answers "nothing". Default 64.</summary>
    public int MaxStaleOffersPerRequest { get; init; } = 64;
}
