namespace StyleFarm.Client.Cluster;

/// <summary>What `stylefarm cluster up` did.</summary>
/// <param name="State">The farm as it runs now.</param>
/// <param name="Started">True when this call started the whole farm; false when one was already recorded here.</param>
/// <param name="Restarted">The parts of an already recorded farm that had stopped and were started again (postgres, azurite, silo names), in the order started.</param>
/// <param name="Added">The silos added to an already running farm because `--silos` asked for more than it had.</param>
public sealed record ClusterUp(ClusterState State, bool Started, IReadOnlyList<string> Restarted, IReadOnlyList<string> Added);
