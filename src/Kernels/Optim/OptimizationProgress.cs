namespace StyleFarm.Kernels.Optim;

/// <summary>
/// Reported after every iteration, on the optimizing thread, so a progress bar can show the loss and an ETA.
/// </summary>
/// <param name="Iteration">Iterations done so far (1 after the first).</param>
/// <param name="MaxIterations">The iteration limit, for the ETA (the run may stop earlier).</param>
/// <param name="Evaluations">Objective evaluations done so far.</param>
/// <param name="Loss">The most recently evaluated loss.</param>
public readonly record struct OptimizationProgress(int Iteration, int MaxIterations, int Evaluations, double Loss);
