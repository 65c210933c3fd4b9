namespace StyleFarm.Grains.Silos;

/// <summary>What a silo's worker role offers; a task is leased only to a silo that satisfies its requirements.</summary>
/// <param name="Gpus">GPUs the worker may use (0 for a CPU-only silo).</param>
/// <param name="GpuMemoryBytes">Memory of one GPU, in bytes (0 without a GPU).</param>
/// <param name="MemoryBytes">Host memory the worker may use, in bytes.</param>
public sealed record WorkerCapabilities(int Gpus, long GpuMemoryBytes, long MemoryBytes);
