namespace StyleFarm.Kernels.Network.Training;

/// <summary>Where a training run is: reported after every iteration (and once when a run resumes from a checkpoint).</summary>
/// <param name="Iteration">Iterations done.</param>
/// <param name="Iterations">The run's budget.</param>
/// <param name="Frames">Frames per sample of the last iteration (2, 3 or 5).</param>
/// <param name="Content">α·L_content of the last iteration.</param>
/// <param name="Style">β·L_style.</param>
/// <param name="Temporal">γ·L_temporal.</param>
/// <param name="TotalVariation">λ_tv·L_tv.</param>
/// <param name="Seconds">Wall time of the last iteration (0 on the resume report).</param>
/// <param name="Checkpointed">Whether a checkpoint was written after this iteration.</param>
public readonly record struct TrainingProgress(int Iteration, int Iterations, int Frames, double Content, double Style, double Temporal,
    double TotalVariation, double Seconds, bool Checkpointed)
{
    /// <summary>The loss: the sum of the terms.</summary>
    public double Total => Content + Style + Temporal + TotalVariation;
}
