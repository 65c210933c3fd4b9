using StyleFarm.Silo.Hosting;

namespace StyleFarm.Client.Cli;

/// <summary>The parts this program gives a silo beyond the host: the worker role and the metrics reader (<see cref="SiloPlugins"/>).</summary>
public static class FarmPlugins
{
    /// <summary>What `stylefarm silo` runs with. No worker role yet: the executors are not part of this build.</summary>
    public static SiloPlugins Create() => SiloPlugins.None;
}
