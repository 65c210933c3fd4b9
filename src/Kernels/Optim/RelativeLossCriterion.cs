namespace StyleFarm.Kernels.Optim;

/// <summary>
/// The paper's convergence test, as artistic-videos implements it: every <c>window</c> iterations the loss
/// is compared with the loss at the previous check, and the run has converged when it changed by less than
/// <c>tolerance</c> relative to that earlier loss ("did not change by more than 0.01 % during 50 iterations").
/// The first check only records the loss, so the earliest stop is after two windows.
/// </summary>
internal sealed class RelativeLossCriterion(double tolerance, int window)
{
    private double? _past;

    /// <summary>Feeds the loss after <paramref name="iteration"/> iterations; true when converged.</summary>
    public bool Converged(int iteration, double loss)
    {
        if (iteration % window != 0) return false;
        // |f_past| rather than f_past: the same for the positive losses of style transfer, and sign-safe.
        var converged = _past is { } past && Math.Abs(loss - past) / Math.Abs(past) < tolerance;
        _past = loss;
        return converged;
    }
}
