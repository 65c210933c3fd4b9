using StyleFarm.Grains.Silos;

namespace StyleFarm.Grains.Tasks;

/// <summary>What a silo must have to lease a task.</summary>
/// <param name="NeedsGpu">The task must run on a GPU.</param>
/// <param name="MemoryBytes">Memory the task needs: GPU memory when <paramref name="NeedsGpu"/>, host memory otherwise.</param>
public sealed record TaskRequirements(bool NeedsGpu, long MemoryBytes)
{
    /// <summary>Whether a silo with <paramref name="silo"/> may run the task.</summary>
    public bool IsSatisfiedBy(WorkerCapabilities silo) =>
        NeedsGpu
            ? silo.Gpus > 0 && MemoryBytes <= silo.GpuMemoryBytes
            : MemoryBytes <= silo.MemoryBytes;
}
