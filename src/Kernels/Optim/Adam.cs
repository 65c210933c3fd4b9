using static TorchSharp.torch;

namespace StyleFarm.Kernels.Optim;

/// <summary>
/// Adam (Kingma and Ba, Algorithm 1), as torch.optim.Adam computes it: for each parameter with a gradient,
/// m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², θ ← θ − α·(m / (1−β₁ᵗ)) / (√v / √(1−β₂ᵗ) + ε), where t counts
/// that parameter's updates. Holds m and v on each parameter's device; dispose it to free them.
/// </summary>
public sealed class Adam : IDisposable
{
    private readonly Tensor[] _parameters;
    private readonly Tensor[] _m;
    private readonly Tensor[] _v;
    private readonly int[] _steps;
    private bool _disposed;

    /// <summary>An optimizer of <paramref name="parameters"/> (float32/float64 leaf tensors, several allowed).</summary>
    public Adam(IEnumerable<Tensor> parameters, AdamOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Options = options ?? new AdamOptions();
        Options.Validate();
        _parameters = parameters.ToArray();
        if (_parameters.Length == 0)
            throw new ArgumentException("Adam needs at least one parameter tensor", nameof(parameters));
        if (_parameters.Distinct(ReferenceEqualityComparer.Instance).Count() != _parameters.Length)
            throw new ArgumentException("a parameter tensor is listed twice; list each once (it would be updated twice per step)", nameof(parameters));
        for (var i = 0; i < _parameters.Length; i++)
            ObjectiveEvaluation.RequireOptimizable(_parameters[i], "Adam", _parameters.Length == 1 ? "x" : $"parameter {i}");

        _m = new Tensor[_parameters.Length];
        _v = new Tensor[_parameters.Length];
        _steps = new int[_parameters.Length];
        try
        {
            for (var i = 0; i < _parameters.Length; i++)
            {
                _m[i] = zeros_like(_parameters[i]).DetachFromDisposeScope();
                _v[i] = zeros_like(_parameters[i]).DetachFromDisposeScope();
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The settings.</summary>
    public AdamOptions Options { get; }

    /// <summary>The tensors updated, in the order given.</summary>
    public IReadOnlyList<Tensor> Parameters => _parameters;

    /// <summary>Updates every parameter whose grad is set by its gradient; parameters without one are left as they are.</summary>
    public void Step()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var (lr, beta1, beta2, eps) = (Options.LearningRate, Options.Beta1, Options.Beta2, Options.Epsilon);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        for (var i = 0; i < _parameters.Length; i++)
        {
            var g = _parameters[i].grad;
            if (g is null) continue;
            var t = ++_steps[i];
            _m[i].mul_(beta1).add_(g, 1 - beta1);
            _v[i].mul_(beta2).addcmul_(g, g, 1 - beta2);
            var correction1 = 1 - Math.Pow(beta1, t);
            var correction2 = 1 - Math.Pow(beta2, t);
            var denominator = _v[i].sqrt().div_(Math.Sqrt(correction2)).add_(eps);
            _parameters[i].addcdiv_(_m[i], denominator, -lr / correction1);
            scope.DisposeEverything();
        }
    }

    /// <summary>Clears every parameter's gradient (sets it to null), ready for the next backward pass.</summary>
    public void ZeroGrad()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        foreach (var parameter in _parameters) parameter.grad = null;
    }

    /// <summary>
    /// Minimises <paramref name="objective"/> over <paramref name="x"/> with <paramref name="iterations"/> Adam
    /// steps, each after one evaluation, updating x in place; x.grad is null afterwards. The result's
    /// FinalLoss is the loss before the last step. Stops early only for a non-finite loss.
    /// </summary>
    /// <param name="x">A float32 or float64 leaf tensor, normally with requires_grad set.</param>
    /// <param name="objective">The loss; see <see cref="Objective"/> for its contract.</param>
    /// <param name="iterations">The number of steps (at least 1).</param>
    /// <param name="options">Adam's settings (default: <see cref="AdamOptions"/>'s).</param>
    /// <param name="progress">Told after every step, synchronously on this thread.</param>
    /// <param name="cancellationToken">Checked before every step; cancelling throws <see cref="OperationCanceledException"/>.</param>
    public static OptimizationResult Optimize(Tensor x, Objective objective, int iterations, AdamOptions? options = null,
        IProgress<OptimizationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        if (iterations < 1)
            throw new ArgumentOutOfRangeException(nameof(iterations), iterations, "Adam needs at least 1 iteration");
        using var adam = new Adam([x], options);
        var losses = new List<double>(iterations);
        var loss = double.NaN;
        var stop = StopReason.MaxIterations;
        try
        {
            for (var iteration = 1; iteration <= iterations; iteration++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using (NewDisposeScope())
                {
                    loss = ObjectiveEvaluation.Evaluate(objective, x, iteration);
                    losses.Add(loss);
                    if (!double.IsFinite(loss))
                    {
                        stop = StopReason.NonFiniteLoss;
                        break;
                    }
                    adam.Step();
                    adam.ZeroGrad();
                }
                progress?.Report(new OptimizationProgress(iteration, iterations, losses.Count, loss));
            }
        }
        finally
        {
            x.grad = null;
        }
        var steps = stop == StopReason.NonFiniteLoss ? losses.Count - 1 : losses.Count;
        return new OptimizationResult(steps, losses.Count, loss, stop, losses.ToArray());
    }

    /// <summary>Frees m and v.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var tensor in _m) tensor?.Dispose();
        foreach (var tensor in _v) tensor?.Dispose();
    }
}
