using Microsoft.Extensions.Options;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;

namespace StyleFarm.Grains.Cluster;

/// <summary>
/// Chooses a silo for a grain placed by <see cref="CoordinatorPlacement"/>: one of the compatible silos with the
/// coordinator role, at random (shots of one job spread over them). When none is known to have it: a silo whose metadata
/// has not reached this one yet (a silo that just joined, likely a coordinator), else any compatible silo (a cluster whose
/// silos carry no metadata, such as a test cluster). A silo is compatible once its grain manifest reached this one (about
/// a second after it joined): a grain placed before that lands on another silo and stays there until it deactivates.
/// </summary>
public sealed class CoordinatorPlacementDirector(IServiceProvider services) : IPlacementDirector
{
    /// <summary>The role in a silo's metadata that makes it a home for coordination grains.</summary>
    public const string Role = "coordinator";

    // Present only where the silo was configured with metadata (every farm and render silo; not every test cluster).
    private readonly ISiloMetadataCache? _metadata = services.GetService(typeof(ISiloMetadataCache)) as ISiloMetadataCache;

    // This silo's own metadata (Orleans registers it as options), which its cache need not hold yet.
    private readonly SiloMetadata? _local = (services.GetService(typeof(IOptions<SiloMetadata>)) as IOptions<SiloMetadata>)?.Value;

    /// <inheritdoc />
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var compatible = context.GetCompatibleSilos(target);
        if (compatible.Length == 0) throw new OrleansException($"no silo can host {target.GrainIdentity}: the cluster has no compatible silo");
        var pool = compatible;
        if (_metadata is not null)
        {
            var known = compatible.Select(s => (Silo: s, Metadata: s.Equals(context.LocalSilo) && _local is not null ? _local.Metadata : _metadata.GetSiloMetadata(s).Metadata)).ToList();
            var coordinators = known.Where(k => SiloMetadataKeys.HasRole(k.Metadata, Role)).Select(k => k.Silo).ToArray();
            var unknown = known.Where(k => k.Metadata.Count == 0).Select(k => k.Silo).ToArray();
            if (coordinators.Length > 0) pool = coordinators;
            else if (unknown.Length > 0) pool = unknown;
        }
        return Task.FromResult(pool[Random.Shared.Next(pool.Length)]);
    }
}
