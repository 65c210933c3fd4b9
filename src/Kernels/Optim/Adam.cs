using static TorchSharp.torch;

namespace StyleFarm.Kernels.Optim;

/// <summary>
/// Adam (Kingma and Ba, Algorithm 1) on the caller's tensors, computed by TorchSharp's torch.optim.Adam: for each
/// parameter with a gradient, m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², θ ← θ − α·(m / (1−β₁ᵗ)) / (√v / √(1−β₂ᵗ) + ε),
/// where t counts that parameter's updates. torch.optim.Adam takes Parameters, which take over the tensor they wrap;
/// here each wraps a detached alias of a caller's tensor (same memory) and is handed that tensor's gradient before a
/// step. Holds m and v on each parameter's device; dispose it to free them.
/// </summary>
public sealed class Adam : IDisposable
{
    private readonly Tensor[] _parameters;
    private readonly TorchSharp.Modules.Parameter[] _aliases;
    private readonly TorchSharp.Modules.Adam _adam;
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

        _aliases = _parameters.Select(p => new TorchSharp.Modules.Parameter(p.detach().DetachFromDisposeScope())).ToArray();
        foreach (var alias in _aliases) alias.DetachFromDisposeScope();
        _adam = optim.Adam(_aliases, Options.LearningRate, Options.Beta1, Options.Beta2, Options.Epsilon);
    }

    /// <summary>The settings.</summary>
    public AdamOptions Options { get; }

    /// <summary>The tensors updated, in the order given.</summary>
    public IReadOnlyList<Tensor> Parameters => _parameters;

    /// <summary>Updates every parameter whose grad is set by its gradient; parameters without one are left as they are.</summary>
    public void Step()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        for (var i = 0; i < _parameters.Length; i++) _aliases[i].grad = _parameters[i].grad;
        using (NewDisposeScope()) _adam.step();
        foreach (var alias in _aliases) alias.grad = null;
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
        _adam.Dispose();
        foreach (var alias in _aliases) alias.Dispose();
    }
}
