using StyleFarm.Silo.Execution;
using StyleFarm.Silo.Hosting;
using StyleFarm.Silo.Worker;

namespace StyleFarm.Client.Cli;

/// <summary>The parts this program gives a silo beyond the host: the worker role and the metrics reader (<see cref="SiloPlugins"/>).</summary>
public static class FarmPlugins
{
    /// <summary>What `stylefarm silo` runs with: the executors' worker role, and the seam ratio from each job's metrics artifact.</summary>
    public static SiloPlugins Create() => new(new WorkerRoleFactory(), artifacts => new ArtifactJobMetrics(artifacts));
}
