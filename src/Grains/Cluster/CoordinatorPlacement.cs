using Orleans.Placement;

namespace StyleFarm.Grains.Cluster;

/// <summary>
/// Where the coordination grains (job, shot, dispatcher, job list) live: on a silo whose metadata lists the
/// coordinator role (<see cref="SiloMetadataKeys.Roles"/>), or on any silo when none does. Orleans' own
/// role-based placement cannot be used: it throws with ADO.NET clustering, which has no role column.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking]
public sealed class CoordinatorPlacement : PlacementStrategy
{
    /// <summary>The one instance (the strategy has no settings).</summary>
    public static CoordinatorPlacement Instance { get; } = new();
}

/// <summary>Places a grain class by <see cref="CoordinatorPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class CoordinatorPlacementAttribute() : PlacementAttribute(CoordinatorPlacement.Instance);
