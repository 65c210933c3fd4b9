namespace StyleFarm.Silo.Dashboard;

/// <summary>How the dashboard reads the farm and pushes changes to browsers.</summary>
public sealed class DashboardOptions
{
    /// <summary>
    /// How often a live page's data is read again and, when it changed, pushed (default 500 ms). A commit shows within
    /// about this plus one read; every browser watching the same page shares one read per interval.
    /// </summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often an idle live stream sends a comment line, so proxies keep it open (default 15 s).</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Width of a thumbnail in pixels (default 160; its height keeps the frame's aspect).</summary>
    public int ThumbnailWidth { get; init; } = 160;

    /// <summary>Thumbnails kept in memory, oldest dropped first (default 256, about 1 MB).</summary>
    public int ThumbnailCacheEntries { get; init; } = 256;

    /// <summary>The span of the farm page's throughput chart, in one-minute bars (default 60: the last hour).</summary>
    public int ThroughputMinutes { get; init; } = 60;

    /// <summary>Events the job page shows, newest last (default 50).</summary>
    public int EventsShown { get; init; } = 50;

    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (RefreshInterval <= TimeSpan.Zero || RefreshInterval > TimeSpan.FromSeconds(10))
            throw new ArgumentException($"the dashboard's refresh interval must be between 0 and 10 s (it is {RefreshInterval})", nameof(RefreshInterval));
        if (KeepAliveInterval <= TimeSpan.Zero) throw new ArgumentException("the dashboard's keep-alive interval must be positive", nameof(KeepAliveInterval));
        if (ThumbnailWidth is < 16 or > 640) throw new ArgumentException($"the thumbnail width must be 16 to 640 pixels (it is {ThumbnailWidth})", nameof(ThumbnailWidth));
        if (ThumbnailCacheEntries < 1) throw new ArgumentException("the thumbnail cache needs at least one entry", nameof(ThumbnailCacheEntries));
        if (ThroughputMinutes is < 1 or > 24 * 60) throw new ArgumentException($"the throughput chart spans 1 to 1440 minutes (it is {ThroughputMinutes})", nameof(ThroughputMinutes));
        if (EventsShown < 1) throw new ArgumentException("the job page shows at least one event", nameof(EventsShown));
    }
}
