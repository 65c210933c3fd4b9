namespace StyleFarm.Silo.Api;

/// <summary>The silos of the cluster from Orleans' membership table: one entry per silo name (its latest run), by name.</summary>
public static class SiloList
{
    /// <summary>Reads the list through the management grain, within <paramref name="call"/>'s timeout.</summary>
    public static async Task<IReadOnlyList<SiloView>> ReadAsync(ApiServices services, GrainCall call, CancellationToken cancellationToken)
    {
        var entries = await call.WithinAsync(services.Grains.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: false), "the silo list", cancellationToken);
        return entries
            .GroupBy(e => e.SiloName)
            .Select(g => g.OrderByDescending(e => e.StartTime).ThenByDescending(e => e.SiloAddress.Generation).First())
            .OrderBy(e => e.SiloName, StringComparer.Ordinal)
            .Select(e => SiloView.Of(e, services.Metadata))
            .ToList();
    }
}
