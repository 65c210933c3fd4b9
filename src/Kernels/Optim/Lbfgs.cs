using static TorchSharp.torch;

namespace StyleFarm.Kernels.Optim;

/// <summary>
/// Limited-memory BFGS as the reference implementation runs it (Lua torch's optim.lbfgs in artistic-videos):
/// no line search, a fixed step of the learning rate (the first scaled by min(1, 1/‖g‖₁)), optim.lbfgs's
/// stopping tests and the paper's relative-loss stop. Optimizes a tensor in place; each iteration costs one
/// objective evaluation, and the final allowed iteration none unless <see cref="LbfgsOptions.FinalStepCheck"/> asks
/// to evaluate it, in which case a final step that went uphill is shortened once (quadratic interpolation) or, if
/// still uphill, undone back to the best evaluated point.
/// </summary>
/// <remarks>
/// Memory: the gradient, the previous gradient, the direction, one work vector, History + 1 pairs (s, y) and (with a
/// final-step check) a copy of the best evaluated x, all on x's device, allocated once per run; every other tensor of
/// an iteration, the objective's included, is freed before the next one starts, so the number of live tensors does not
/// grow.
/// </remarks>
public sealed class Lbfgs
{
    private readonly LbfgsOptions _options;

    /// <summary>An optimizer with these settings (validated here).</summary>
    public Lbfgs(LbfgsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>The settings.</summary>
    public LbfgsOptions Options => _options;

    /// <summary>
    /// Minimises <paramref name="objective"/> over <paramref name="x"/>, updating x in place; each run starts
    /// afresh (no memory from earlier runs). x.grad is null afterwards.
    /// </summary>
    /// <param name="x">A float32 or float64 leaf tensor, normally with requires_grad set; any shape.</param>
    /// <param name="objective">The loss; see <see cref="Objective"/> for its contract.</param>
    /// <param name="progress">Told after every iteration, synchronously on this thread.</param>
    /// <param name="cancellationToken">
    /// Checked before every iteration: a cancelled run throws <see cref="OperationCanceledException"/> and leaves
    /// x at the last completed iteration.
    /// </param>
    public OptimizationResult Optimize(Tensor x, Objective objective, IProgress<OptimizationProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ObjectiveEvaluation.RequireOptimizable(x, "L-BFGS");
        ArgumentNullException.ThrowIfNull(objective);
        cancellationToken.ThrowIfCancellationRequested();
        using var run = new Run(_options, x, objective);
        return run.Execute(progress, cancellationToken);
    }

    /// <summary>One optimization: its buffers, counters and the loop of optim.lbfgs.</summary>
    private sealed class Run : IDisposable
    {
        private readonly LbfgsOptions _options;
        private readonly int _maxEvaluations;
        private readonly Tensor _x;
        private readonly Objective _objective;
        private readonly List<Tensor> _owned = [];
        private readonly Tensor _g;
        private readonly Tensor _gAsX;
        private readonly Tensor _gPrevious;
        private readonly Tensor _d;
        private readonly Tensor _dAsX;
        private readonly Tensor _work;
        private readonly Tensor? _best;
        private readonly CurvatureHistory _history;
        private readonly RelativeLossCriterion? _relative;
        private readonly List<double> _losses = [];
        private int _iterations;
        private double _f;
        private double _t;
        private double _bestF = double.PositiveInfinity;
        private double _longestCheckedStep;
        private bool _finalStepRejected;
        private bool _finalStepShortened;
        private readonly int _finalBudget;

        public Run(LbfgsOptions options, Tensor x, Objective objective)
        {
            _options = options;
            _maxEvaluations = options.EffectiveMaxEvaluations;
            _finalBudget = options.MaxEvaluations ?? int.MaxValue;
            _x = x;
            _objective = objective;
            try
            {
                var n = x.numel();
                var shape = x.shape;
                _g = Own(zeros([n], x.dtype, x.device));
                _gAsX = Own(_g.view(shape));
                _gPrevious = Own(zeros([n], x.dtype, x.device));
                _d = Own(zeros([n], x.dtype, x.device));
                _dAsX = Own(_d.view(shape));
                _work = Own(zeros([n], x.dtype, x.device));
                if (options.FinalStepCheck != FinalStepCheck.Never) _best = Own(zeros(shape, x.dtype, x.device));
                // At most one pair per iteration after the first, so a short run needs less room.
                _history = new CurvatureHistory(Math.Min(options.History, options.MaxIterations - 1), _g);
            }
            catch
            {
                DisposeBuffers();
                throw;
            }
            _relative = options.RelativeTolerance is { } tolerance
                ? new RelativeLossCriterion(tolerance, options.RelativeWindow)
                : null;
        }

        public OptimizationResult Execute(IProgress<OptimizationProgress>? progress, CancellationToken cancellationToken)
        {
            StopReason? stop;
            using (NewDisposeScope())
            {
                Evaluate();
                stop = !double.IsFinite(_f) ? StopReason.NonFiniteLoss
                    : TensorScalars.L1(_g) <= _options.ToleranceGrad ? StopReason.GradientTolerance
                    : null;
            }
            while (stop is null)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using (NewDisposeScope()) stop = Iterate();
                if (stop != StopReason.NoDescentDirection)
                    progress?.Report(new OptimizationProgress(_iterations, _options.MaxIterations, _losses.Count, _f));
            }
            return new OptimizationResult(_iterations, _losses.Count, _f, stop.Value, _losses.ToArray(), _finalStepRejected, _finalStepShortened);
        }

        public void Dispose()
        {
            _history.Dispose();
            DisposeBuffers();
        }

        // The run's buffers belong to no dispose scope: the caller's scopes and callbacks never see them.
        private Tensor Own(Tensor tensor)
        {
            _owned.Add(tensor.DetachFromDisposeScope());
            return tensor;
        }

        private void DisposeBuffers()
        {
            foreach (var tensor in _owned) tensor.Dispose();
            _owned.Clear();
        }

        // One iteration of optim.lbfgs: direction, fixed step, evaluation, stopping tests (in its order).
        private StopReason? Iterate()
        {
            var first = _iterations == 0;
            if (first)
            {
                _d.copy_(_g).neg_();
            }
            else
            {
                _history.Offer(_d, _t, _g, _gPrevious);
                _history.Direction(_g, _work, _d);
            }
            _gPrevious.copy_(_g);
            var fPrevious = _f;

            var gtd = TensorScalars.Dot(_g, _d);
            if (gtd > -_options.ToleranceChange) return StopReason.NoDescentDirection;

            _t = first ? Math.Min(1, 1 / TensorScalars.L1(_g)) * _options.LearningRate : _options.LearningRate;
            var step = Math.Abs(_t) * TensorScalars.L1(_d);
            using (no_grad()) _x.add_(_dAsX, _t);
            _iterations++;

            if (_iterations == _options.MaxIterations)
            {
                if (ShouldCheckFinalStep(step)) CheckFinalStep(fPrevious, gtd);
                return StopReason.MaxIterations;
            }
            // Reached only with a budget of 1, spent at the start: stop unevaluated rather than exceed it.
            if (_losses.Count >= _maxEvaluations) return StopReason.MaxEvaluations;
            Evaluate();
            _longestCheckedStep = Math.Max(_longestCheckedStep, step);

            if (!double.IsFinite(_f)) return StopReason.NonFiniteLoss;
            if (_losses.Count >= _maxEvaluations) return StopReason.MaxEvaluations;
            if (TensorScalars.L1(_g) <= _options.ToleranceGrad) return StopReason.GradientTolerance;
            if (Math.Abs(_t) * TensorScalars.L1(_d) <= _options.ToleranceChange) return StopReason.StepTolerance;
            if (Math.Abs(_f - fPrevious) < _options.ToleranceChange) return StopReason.LossChangeTolerance;
            if (_relative?.Converged(_iterations, _f) == true) return StopReason.RelativeLossTolerance;
            return null;
        }

        // optim.lbfgs trusts its last fixed step blindly; we test it when nothing vouches for its length (issue 8: a
        // 2-iteration pass's full step, sized from one tiny first step, diverged a seam frame). Its evaluations count
        // against an explicit MaxEvaluations only, as the default budget is the reference's for its iterations.
        private bool ShouldCheckFinalStep(double step) =>
            _losses.Count < _finalBudget && _options.FinalStepCheck switch
            {
                FinalStepCheck.Always => true,
                FinalStepCheck.WhenUnchecked => step > _longestCheckedStep || _f > _bestF,
                _ => false,
            };

        // Evaluates the final point; if it went uphill, tries once the minimiser of the quadratic through f(0), f'(0) and
        // f(t) along the step (kept within [t/10, t/2]), and if that is no better either, returns to the best point.
        private void CheckFinalStep(double fBefore, double gtd)
        {
            var t = _t;
            Evaluate();
            if (_f <= _bestF) return;
            if (_losses.Count < _finalBudget)
            {
                var curvature = (_f - fBefore - gtd * t) / (t * t);
                var shortened = double.IsFinite(curvature) && curvature > 0 ? Math.Clamp(-gtd / (2 * curvature), t / 10, t / 2) : t / 10;
                using (no_grad()) _x.add_(_dAsX, shortened - t);
                Evaluate();
                _finalStepShortened = true;
                if (_f <= _bestF) return;
            }
            using (no_grad()) _x.copy_(_best!);
            _f = _bestF;
            _finalStepShortened = false;
            _finalStepRejected = true;
        }

        // f and g at the current x; the gradient is copied into the run's own buffer and x.grad cleared.
        private void Evaluate()
        {
            _f = ObjectiveEvaluation.Evaluate(_objective, _x, _losses.Count + 1);
            using (var gradient = _x.grad!) _gAsX.copy_(gradient);
            _x.grad = null;
            _losses.Add(_f);
            if (_best is not null && _f < _bestF)
            {
                _bestF = _f;
                using (no_grad()) _best.copy_(_x);
            }
        }
    }
}
