namespace StyleFarm.Kernels.Optim;

/// <summary>What an optimization did; the optimized tensor itself was updated in place.</summary>
/// <param name="Iterations">Steps taken (updates of x).</param>
/// <param name="Evaluations">Objective evaluations made, the first (at the starting point) included.</param>
/// <param name="FinalLoss">
/// The loss at the returned x when it was evaluated; otherwise the last evaluated loss. As in optim.lbfgs, L-BFGS does
/// not evaluate the step of its final allowed iteration unless <see cref="LbfgsOptions.FinalStepCheck"/> asks for it,
/// so after an unchecked <see cref="StopReason.MaxIterations"/> stop this is the loss one step before the returned x.
/// </param>
/// <param name="StopReason">Why the optimization ended.</param>
/// <param name="LossHistory">Every evaluated loss in order, the starting point's first (as optim.lbfgs's f_hist).</param>
/// <param name="FinalStepRejected">
/// True when L-BFGS evaluated its final step, found it and its shortened retry worse than the best point it had
/// evaluated, and returned that point instead.
/// </param>
/// <param name="FinalStepShortened">True when L-BFGS's final step went uphill and the shortened retry it returned did not.</param>
public sealed record OptimizationResult(
    int Iterations,
    int Evaluations,
    double FinalLoss,
    StopReason StopReason,
    IReadOnlyList<double> LossHistory,
    bool FinalStepRejected = false,
    bool FinalStepShortened = false);
