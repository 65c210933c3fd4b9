using StyleFarm.Grains.Artifacts;
using StyleFarm.Silo.Api;

namespace StyleFarm.Silo.Hosting;

/// <summary>
/// The parts of a silo that are built outside the host, so the host does not depend on the executors:
/// the worker role, and the reader of finished jobs' metrics for the API.
/// </summary>
/// <param name="Workers">Builds the worker role; null when this program has none (a silo asked for one then refuses to start).</param>
/// <param name="Metrics">Reads job metrics from the artifact store; null when nothing reports them (the API's seam ratio stays null).</param>
public sealed record SiloPlugins(IWorkerRoleFactory? Workers, Func<IArtifactStore, IJobMetricsSource>? Metrics)
{
    /// <summary>No worker role and no metrics: a silo for the coordinator and API roles.</summary>
    public static SiloPlugins None { get; } = new(null, null);
}
