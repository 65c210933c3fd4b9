namespace StyleFarm.Kernels.Optim;

/// <summary>What an optimization did; the optimized tensor itself was updated in place.</summary>
/// <param name="Iterations">Steps taken (updates of x).</param>
/// <param name="Evaluations">Objective evaluations made, the first (at the starting point) included.</param>
/// <param name="FinalLoss">
/// The last evaluated loss. As in optim.lbfgs, the step of the final allowed iteration is not evaluated
/// (that would cost a forward and backward pass for a number only), so after a
/// <see cref="StopReason.MaxIterations"/> stop this is the loss one step before the returned x.
/// </param>
/// <param name="StopReason">Why the optimization ended.</param>
/// <param name="LossHistory">Every evaluated loss in order, the starting point's first (as optim.lbfgs's f_hist).</param>
public sealed record OptimizationResult(
    int Iterations,
    int Evaluations,
    double FinalLoss,
    StopReason StopReason,
    IReadOnlyList<double> LossHistory);
