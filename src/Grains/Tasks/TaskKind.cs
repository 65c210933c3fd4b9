namespace StyleFarm.Grains.Tasks;

/// <summary>What a task does. The order is the order of a stylization job's life (and of task ids); a training job has only <see cref="Train"/>.</summary>
public enum TaskKind
{
    /// <summary>Probe the input, detect shot cuts, resolve the preset: produces the job's <see cref="Jobs.JobPlan"/>.</summary>
    Plan,

    /// <summary>Forward and backward flow for every long-term offset, and consistency weights, over a segment's halo range.</summary>
    Flow,

    /// <summary>One pass of stylization over a segment's core frames.</summary>
    Stylize,

    /// <summary>The last pass's frames → the output video (audio copied) or image sequence.</summary>
    Encode,

    /// <summary>A training job's one task: trains a video network (Ruder et al. sec. 5.2) and stores the model.</summary>
    Train,
}
