namespace StyleFarm.Kernels.Optim;

/// <summary>
/// Settings of <see cref="Lbfgs"/>. The defaults are those of the reference implementation (artistic-videos,
/// on Lua torch's optim.lbfgs): history 100, fixed steps (no line search) of learning rate 1, and the
/// paper's stop, "converged if the loss did not change by more than 0.01 % during 50 iterations".
/// </summary>
public sealed record LbfgsOptions
{
    /// <summary>The paper's relative tolerance: 0.01 % (its "strict" criterion, used for its experiments).</summary>
    public const double PaperRelativeTolerance = 1e-4;

    /// <summary>The paper's relaxed relative tolerance: 0.1 %, about half the iterations.</summary>
    public const double FastRelativeTolerance = 1e-3;

    /// <summary>
    /// The most iterations (optim.lbfgs's maxIter); no default. The reference uses 2000 for the first frame
    /// of a shot and 1000 for the frames after it.
    /// </summary>
    public required int MaxIterations { get; init; }

    /// <summary>
    /// The most objective evaluations (maxEval), the first one included; null (the default) means the
    /// reference's 1.25 × MaxIterations, rounded up as optim.lbfgs's real-valued comparison rounds it (PyTorch
    /// rounds down, which ends runs of fewer than 4 iterations one iteration early). Without a line search a
    /// run evaluates at most MaxIterations times, so only a value below that binds; the (at most two) evaluations of
    /// <see cref="FinalStepCheck"/> count only against a value set here, as the default is the reference's budget.
    /// </summary>
    public int? MaxEvaluations { get; init; }

    /// <summary>The number of curvature pairs (s, y) kept (nCorrection); default 100.</summary>
    public int History { get; init; } = 100;

    /// <summary>
    /// The fixed step length (learningRate); default 1. The first step is scaled by min(1, 1/‖g‖₁) as in
    /// optim.lbfgs, since there is no curvature information yet.
    /// </summary>
    public double LearningRate { get; init; } = 1;

    /// <summary>Stop when ‖g‖₁ ≤ this (optim.lbfgs's tolFun, an L1 norm; PyTorch's LBFGS uses max|g|); default 1e-5.</summary>
    public double ToleranceGrad { get; init; } = 1e-5;

    /// <summary>
    /// Stop when a step's L1 norm is ≤ this, when the loss changed by less than this in one iteration, or when
    /// the directional derivative gᵀd is above −this (optim.lbfgs's tolX); default 1e-9.
    /// </summary>
    public double ToleranceChange { get; init; } = 1e-9;

    /// <summary>
    /// The paper's stop: every <see cref="RelativeWindow"/> iterations the loss is compared with the loss
    /// <see cref="RelativeWindow"/> iterations before, and the run stops when |f − f_past| / |f_past| is below
    /// this (artistic-videos' tolFunRelative). Default <see cref="PaperRelativeTolerance"/> (0.01 %);
    /// <see cref="FastRelativeTolerance"/> is the relaxed one; null turns the stop off.
    /// </summary>
    public double? RelativeTolerance { get; init; } = PaperRelativeTolerance;

    /// <summary>The iterations between two relative-tolerance checks (tolFunRelativeInterval); default 50.</summary>
    public int RelativeWindow { get; init; } = 50;

    /// <summary>
    /// When to evaluate the final iteration's point, which optim.lbfgs never does, and fall back to the best evaluated
    /// point if it is worse (after one shortened retry); default <see cref="Optim.FinalStepCheck.WhenUnchecked"/> (one or two
    /// more evaluations only for an untested step length, e.g. every run of 2 iterations). <see cref="Optim.FinalStepCheck.Never"/> is the reference.
    /// </summary>
    public FinalStepCheck FinalStepCheck { get; init; } = FinalStepCheck.WhenUnchecked;

    /// <summary>MaxEvaluations, or its default ⌈1.25 × MaxIterations⌉.</summary>
    public int EffectiveMaxEvaluations =>
        MaxEvaluations ?? (int)Math.Min(int.MaxValue, Math.Max(1, (MaxIterations * 5L + 3) / 4));

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting that cannot work.</summary>
    public void Validate()
    {
        if (MaxIterations < 1)
            throw Invalid(nameof(MaxIterations), MaxIterations, "must be at least 1");
        if (MaxEvaluations is < 1)
            throw Invalid(nameof(MaxEvaluations), MaxEvaluations, "must be at least 1 (the starting point is one evaluation); leave it null for 1.25 × MaxIterations");
        if (History < 1)
            throw Invalid(nameof(History), History, "must be at least 1 curvature pair");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
            throw Invalid(nameof(LearningRate), LearningRate, "must be a positive finite step length");
        if (!(ToleranceGrad >= 0) || double.IsInfinity(ToleranceGrad))
            throw Invalid(nameof(ToleranceGrad), ToleranceGrad, "must be finite and 0 or more (0 turns the test off)");
        if (!(ToleranceChange >= 0) || double.IsInfinity(ToleranceChange))
            throw Invalid(nameof(ToleranceChange), ToleranceChange, "must be finite and 0 or more (0 turns the tests off)");
        if (RelativeTolerance is { } relative && (!(relative > 0) || double.IsInfinity(relative)))
            throw Invalid(nameof(RelativeTolerance), relative, "must be positive and finite, e.g. 1e-4 for 0.01 %; set null to turn the stop off");
        if (RelativeWindow < 1)
            throw Invalid(nameof(RelativeWindow), RelativeWindow, "must be at least 1 iteration");
        if (!Enum.IsDefined(FinalStepCheck))
            throw Invalid(nameof(FinalStepCheck), FinalStepCheck, "must be Never, WhenUnchecked or Always");
    }

    private static ArgumentException Invalid(string name, object? value, string rule) =>
        new($"L-BFGS option {name} = {value} {rule}", name);
}
