using Orleans.Runtime.MembershipService.SiloMetadata;
using StyleFarm.Grains.Cluster;

namespace StyleFarm.Silo.Api;

/// <summary>A silo of the cluster in <c>GET /api/silos</c>, as Orleans' membership table and the silo's metadata describe it.</summary>
/// <param name="Id">Its name.</param>
/// <param name="Roles">Its roles, comma-separated (worker, coordinator, api).</param>
/// <param name="Gpus">GPUs its worker offers.</param>
/// <param name="GpuMemoryBytes">Memory of one GPU.</param>
/// <param name="MemoryBytes">Host memory its worker may use.</param>
/// <param name="Address">Its Orleans address with generation (a restarted silo has a new one).</param>
/// <param name="StartedAt">When this run of it started.</param>
/// <param name="LastHeartbeat">When it last wrote its I-am-alive time to the membership table.</param>
/// <param name="Alive">Whether membership counts it active (not joining, stopping or declared dead).</param>
public sealed record SiloView(string Id, string Roles, int Gpus, long GpuMemoryBytes, long MemoryBytes, string Address, DateTimeOffset StartedAt,
    DateTimeOffset LastHeartbeat, bool Alive)
{
    /// <summary>The view of the membership entry <paramref name="entry"/> with what <paramref name="metadata"/> knows of it.</summary>
    public static SiloView Of(MembershipEntry entry, ISiloMetadataCache metadata)
    {
        var known = metadata.GetSiloMetadata(entry.SiloAddress).Metadata;
        var capabilities = SiloMetadataKeys.CapabilitiesOf(known);
        return new SiloView(entry.SiloName, known.GetValueOrDefault(SiloMetadataKeys.Roles, ""), capabilities.Gpus, capabilities.GpuMemoryBytes,
            capabilities.MemoryBytes, entry.SiloAddress.ToParsableString(), Utc(entry.StartTime), Utc(entry.IAmAliveTime), entry.Status == SiloStatus.Active);
    }

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
