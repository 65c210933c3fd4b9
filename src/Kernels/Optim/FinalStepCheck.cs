namespace StyleFarm.Kernels.Optim;

/// <summary>
/// Whether <see cref="Lbfgs"/> evaluates the point of its final allowed iteration, which optim.lbfgs leaves unevaluated;
/// a step that made things worse is retried once at the quadratic interpolation's length (at most half), and if that is
/// worse too the run ends at the best evaluated point.
/// </summary>
public enum FinalStepCheck
{
    /// <summary>Never: the reference's behaviour; the run ends wherever its last fixed step lands, even uphill.</summary>
    Never,

    /// <summary>
    /// When the final step is unchecked: longer (L1) than every step already evaluated in this run, or taken while the
    /// last evaluated loss is above the run's best. That is the first full step after optim.lbfgs's tiny scaled first
    /// step (a run of 2 iterations always), and any step out of a run that has already gone uphill.
    /// </summary>
    WhenUnchecked,

    /// <summary>Always: one more objective evaluation per run (two after an uphill step), so the result is never worse than the best point seen.</summary>
    Always,
}
