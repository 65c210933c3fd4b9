using StyleFarm.Kernels.Network;

namespace StyleFarm.Silo.Execution;

/// <summary>
/// Where a training job is, as its train task last stored it (<see cref="TrainingArtifacts.StatusOf"/>): after each
/// checkpoint, every few seconds between them, and once the model is stored. `status` and the dashboard show it.
/// </summary>
/// <param name="Iteration">Iterations done.</param>
/// <param name="Iterations">The run's budget.</param>
/// <param name="Latest">The weighted loss terms of the last iteration done; null before the first.</param>
/// <param name="Curve">The loss curve up to the last checkpoint (at most <see cref="Kernels.Network.Training.LossHistory.MaxPoints"/> points, each a stretch's mean).</param>
/// <param name="ResumedFrom">The checkpoint's iteration this attempt resumed from (a retried task); 0 for a run from the start.</param>
/// <param name="Model">Once stored: the model's reference for `submit --method network --model` (<see cref="StoredModel"/>); null until then.</param>
/// <param name="IterationsPerSecond">The attempt's rate from its first iteration done to its latest (start-up and the resume not counted); null before its second.</param>
public sealed record TrainingStatus(int Iteration, int Iterations, LossPoint? Latest, IReadOnlyList<LossPoint> Curve, int ResumedFrom, string? Model,
    double? IterationsPerSecond = null);
