using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Silos;

namespace StyleFarm.Grains.Planning;

/// <summary>
/// Whether some worker can take every task of a planned job: a task no live worker satisfies (too little memory, no GPU)
/// would wait forever, so the job fails at planning with the figures instead.
/// </summary>
public static class TaskCapacity
{
    /// <summary>Why no worker of <paramref name="workers"/> can take some task of <paramref name="graph"/>; null when each can be taken, or when no worker is known (one may join).</summary>
    public static string? Misfit(TaskGraph graph, JobPlan plan, IReadOnlyList<WorkerCapabilities> workers)
    {
        if (workers.Count == 0) return null;
        foreach (var needs in graph.Tasks.Select(t => t.Requirements).Distinct())
        {
            if (workers.Any(needs.IsSatisfiedBy)) continue;
            if (needs.NeedsGpu && workers.All(w => w.Gpus == 0))
                return $"the job requires a GPU, but none of the {workers.Count} live worker silo(s) has one: resume it once a GPU silo runs, or submit it without requireGpu";
            var largest = workers.Max(w => needs.NeedsGpu ? (w.Gpus > 0 ? w.GpuMemoryBytes : 0) : w.MemoryBytes);
            return $"the job needs {needs.MemoryBytes / 1e9:0.#} GB of {(needs.NeedsGpu ? "GPU " : "")}memory per frame at {plan.Width}×{plan.Height}, " +
                   $"but the largest live worker silo has {largest / 1e9:0.#} GB: submit it at a smaller width and height";
        }
        return null;
    }
}
