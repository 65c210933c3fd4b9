using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.MembershipService.SiloMetadata;
using StyleFarm.Grains.Silos;

namespace StyleFarm.Grains.Cluster;

/// <summary>The capabilities of the silos that membership counts active and whose metadata names the worker role.</summary>
public static class LiveWorkers
{
    /// <summary>The live workers as <paramref name="services"/> (a silo's) know them; empty when membership or metadata is not there.</summary>
    public static IReadOnlyList<WorkerCapabilities> Of(IServiceProvider services)
    {
        var membership = services.GetService<IClusterMembershipService>();
        var metadata = services.GetService<ISiloMetadataCache>();
        if (membership is null || metadata is null) return [];
        return membership.CurrentSnapshot.Members.Values
            .Where(m => m.Status == SiloStatus.Active)
            .Select(m => metadata.GetSiloMetadata(m.SiloAddress).Metadata)
            .Where(m => SiloMetadataKeys.HasRole(m, "worker"))
            .Select(SiloMetadataKeys.CapabilitiesOf)
            .ToList();
    }
}
