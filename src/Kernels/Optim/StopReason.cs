namespace StyleFarm.Kernels.Optim;

/// <summary>Why an optimization ended.</summary>
public enum StopReason
{
    /// <summary>The iteration limit was reached.</summary>
    MaxIterations,

    /// <summary>The function evaluation limit was reached.</summary>
    MaxEvaluations,

    /// <summary>The gradient's L1 norm fell to the gradient tolerance (optim.lbfgs's tolFun): a stationary point.</summary>
    GradientTolerance,

    /// <summary>The last step's L1 norm fell to the change tolerance (optim.lbfgs's tolX).</summary>
    StepTolerance,

    /// <summary>The loss changed by less than the change tolerance in one iteration (optim.lbfgs's tolX).</summary>
    LossChangeTolerance,

    /// <summary>The search direction's directional derivative was above −tolX: no progress possible along it.</summary>
    NoDescentDirection,

    /// <summary>The loss changed by less than the relative tolerance over the last window of iterations (the paper's stop).</summary>
    RelativeLossTolerance,

    /// <summary>The objective returned NaN or an infinity; x holds the point where that happened.</summary>
    NonFiniteLoss,
}
