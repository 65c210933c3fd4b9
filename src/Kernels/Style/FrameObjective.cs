using TorchSharp;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Style;

/// <summary>
/// The energy of one frame as a function of its output x (Ruder et al. eq. 3, 10, 11, plus Wang et al.'s
/// coherence and DeepMovie's total variation): α·L_content(p, x) + β·L_style(a, x) + γ·Σ_j L_temporal(x, ω_j, c_j)
/// + η·L_coherence + λ_tv·L_tv(x), weights from <see cref="StyleEnergyOptions"/>. Everything that does not
/// depend on x is computed once, here: the content frame's features P, the style Grams (<see cref="StyleTargets"/>,
/// shared across frames), √c and √c·ω of every temporal reference stacked into one tensor, and the coherence
/// factor and targets. One evaluation is then one forward and one backward pass of the network on x plus a
/// handful of cheap operations.
/// </summary>
public sealed class FrameObjective : IDisposable
{
    private readonly FeatureNetwork _network;
    private readonly StyleTargets _style;
    private readonly long[] _shape;
    private readonly Tensor _contentFeatures;
    private readonly Tensor? _rootWeights;
    private readonly Tensor? _rootWeightedWarped;
    private readonly double _temporalDivisor;
    private readonly Tensor? _previousStylized;
    private readonly Tensor? _mirrorTarget;
    private readonly double _coherenceFactor;
    private bool _disposed;

    /// <summary>Prepares the energy of the frame whose content image is <paramref name="p"/>.</summary>
    /// <param name="network">Returns at least the content and style layers of <paramref name="options"/>.</param>
    /// <param name="style">The style image's targets at the options' style layers (shared, not owned).</param>
    /// <param name="p">The content frame (N, 3, H, W), RGB in [0, 1]; x must have its shape.</param>
    /// <param name="options">Weights and layers (default: the reference implementation's).</param>
    /// <param name="temporal">
    /// Past frames for the temporal loss: one for the short-term loss (eq. 8), several with c_long for the
    /// long-term one (eq. 11); none or null for a shot's first frame.
    /// </param>
    /// <param name="coherence">The previous frame for Wang et al.'s enhanced coherence loss, or null.</param>
    public FrameObjective(FeatureNetwork network, StyleTargets style, Tensor p, StyleEnergyOptions? options = null,
        IReadOnlyList<TemporalReference>? temporal = null, CoherenceReference? coherence = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(style);
        Options = options ?? new StyleEnergyOptions();
        Options.Validate();
        _network = network;
        _style = style;
        _shape = CheckImage(p, nameof(p));
        var missing = Options.FeatureLayers.Where(l => !network.Layers.Contains(l)).ToList();
        if (missing.Count > 0)
            throw new ArgumentException(
                $"the feature network returns {string.Join(", ", network.Layers)}; the energy also needs {string.Join(", ", missing)}",
                nameof(network));
        var unstyled = Options.StyleLayers.Where(l => !style.Layers.Contains(l.Layer)).Select(l => l.Layer).ToList();
        if (unstyled.Count > 0)
            throw new ArgumentException(
                $"the style targets hold {string.Join(", ", style.Layers)}; the energy also needs {string.Join(", ", unstyled)}",
                nameof(style));

        using var scope = NewDisposeScope();
        using var _ = no_grad();
        try
        {
            var features = network.Forward(p);
            _contentFeatures = Keep(scope, features[Options.ContentLayer].detach());

            if (temporal is { Count: > 0 })
            {
                var roots = new List<Tensor>();
                var warped = new List<Tensor>();
                for (var j = 0; j < temporal.Count; j++)
                {
                    var reference = temporal[j] ?? throw new ArgumentNullException(nameof(temporal), $"temporal reference {j} is null");
                    CheckImage(reference.Warped, $"the warped frame ω of temporal reference {j}");
                    LossChecks.PixelWeights(reference.Weights, $"the weights c of temporal reference {j}", _shape, "the temporal loss");
                    CheckPlacement(reference.Weights, $"the weights c of temporal reference {j}");
                    using var lowest = reference.Weights.min();
                    using var lowest64 = lowest.to_type(ScalarType.Float64);
                    if (lowest64.item<double>() is var least && least < 0)
                        throw new ArgumentException(
                            $"the weights c of temporal reference {j} go down to {least}; consistency weights are in [0, 1]", nameof(temporal));
                    var root = reference.Weights.sqrt();
                    roots.Add(root);
                    warped.Add(root.mul(reference.Warped));
                }
                // Σ_j c_j (x − ω_j)² = Σ_j (√c_j·x − √c_j·ω_j)²: one broadcast product and one reduction per evaluation.
                _rootWeights = Keep(scope, stack(roots));
                _rootWeightedWarped = Keep(scope, stack(warped));
                _temporalDivisor = _shape[0] * _shape[1] * _shape[2] * _shape[3];
            }

            if (coherence is not null)
            {
                CheckImage(coherence.PreviousStylized, "the previous stylized frame V′ᵢ₋₁");
                CheckImage(coherence.PreviousContent, "the previous content frame Vᵢ₋₁");
                _coherenceFactor = EnhancedCoherenceLoss.Factor(p, coherence.PreviousContent);
                _previousStylized = Keep(scope, coherence.PreviousStylized.detach().clone());
                // MSE(x − V′ᵢ₋₁, Vᵢ − Vᵢ₋₁) = MSE(x, V′ᵢ₋₁ + Vᵢ − Vᵢ₋₁): the target is fixed per frame.
                _mirrorTarget = Keep(scope, p.sub(coherence.PreviousContent).add_(coherence.PreviousStylized));
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The weights and layers in use.</summary>
    public StyleEnergyOptions Options { get; }

    /// <summary>
    /// The energy at <paramref name="x"/> (the content frame's shape, on the network's device and type) as a
    /// 0-dim tensor with its autograd graph: call backward() on it for ∂E/∂x.
    /// </summary>
    public Tensor Loss(Tensor x)
    {
        Tensor? total = null;
        Terms(x, (_, term, weight) => total = Accumulate.Add(total, term, weight));
        if (total is not null) return total;
        // Every weight is 0: a zero that still has a gradient (of zeros).
        using var zero = x.mul(0.0);
        return zero.sum();
    }

    /// <summary>
    /// One evaluation for an optimizer: the energy at <paramref name="x"/> with ∂E/∂x accumulated into
    /// x.grad (x must require gradients). Returns the loss (a 0-dim tensor; the caller disposes it).
    /// </summary>
    public Tensor Evaluate(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (!x.requires_grad)
            throw new ArgumentException("x must require gradients to receive ∂E/∂x: call x.requires_grad_() first", nameof(x));
        var loss = Loss(x);
        try
        {
            loss.backward();
            return loss;
        }
        catch
        {
            loss.Dispose();
            throw;
        }
    }

    /// <summary>The energy's weighted terms at <paramref name="x"/>, without gradients (for logs and metrics).</summary>
    public FrameEnergyTerms Measure(Tensor x)
    {
        var values = new double[5];
        using (no_grad())
        {
            Terms(x, (kind, term, weight) =>
            {
                using var as64 = term.to_type(ScalarType.Float64);
                values[(int)kind] += weight * as64.item<double>();
            });
        }
        return new FrameEnergyTerms(values[0], values[1], values[2], values[3], values[4]);
    }

    /// <summary>Frees the cached tensors (not the network or the style targets, which are shared).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        // Null-safe: a constructor that failed half-way disposes what it had cached.
        _contentFeatures?.Dispose();
        _rootWeights?.Dispose();
        _rootWeightedWarped?.Dispose();
        _previousStylized?.Dispose();
        _mirrorTarget?.Dispose();
    }

    private enum Term { Content, Style, Temporal, Coherence, TotalVariation }

    // Computes each term with a non-zero weight and hands it to visit with its weight; disposes it afterwards.
    private void Terms(Tensor x, Action<Term, Tensor, double> visit)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckImage(x, nameof(x));
        var o = Options;
        var features = _network.Forward(x);
        try
        {
            if (o.ContentWeight > 0)
            {
                using var content = ContentLoss.Compute(features[o.ContentLayer], _contentFeatures);
                visit(Term.Content, content, o.ContentWeight);
            }
            if (o.StyleWeight > 0)
            {
                foreach (var layer in o.StyleLayers)
                {
                    if (layer.Weight == 0) continue;
                    using var style = StyleLoss.Layer(features[layer.Layer], _style[layer.Layer]);
                    visit(Term.Style, style, o.StyleWeight * layer.Weight);
                }
            }
            if (_rootWeights is not null && o.TemporalWeight > 0)
            {
                // Eq. 8/11: (1/D) Σ_j Σ_k c_jk (x_k − ω_jk)², through the cached √c and √c·ω.
                using var weighted = _rootWeights.mul(x);
                using var temporal = nn.functional.mse_loss(weighted, _rootWeightedWarped!, nn.Reduction.Sum);
                visit(Term.Temporal, temporal, o.TemporalWeight / _temporalDivisor);
            }
            if (_previousStylized is not null && o.CoherenceWeight > 0)
            {
                // Wang et al.: f·MSE(x, V′ᵢ₋₁) + MSE(x, V′ᵢ₋₁ + Vᵢ − Vᵢ₋₁).
                using var follow = nn.functional.mse_loss(x, _previousStylized);
                visit(Term.Coherence, follow, o.CoherenceWeight * _coherenceFactor);
                using var mirror = nn.functional.mse_loss(x, _mirrorTarget!);
                visit(Term.Coherence, mirror, o.CoherenceWeight);
            }
            if (o.TotalVariationWeight > 0)
            {
                using var tv = TotalVariationLoss.Compute(x);
                visit(Term.TotalVariation, tv, o.TotalVariationWeight);
            }
        }
        finally
        {
            foreach (var feature in features.Values) feature.Dispose();
        }
    }

    private long[] CheckImage(Tensor image, string name)
    {
        ArgumentNullException.ThrowIfNull(image, name);
        var shape = image.shape;
        if (shape.Length != 4 || shape[1] != 3)
            throw new ArgumentException($"{name} must be RGB images of shape (N, 3, H, W); got {LossChecks.Shape(shape)}", name);
        if (_shape is not null && !shape.SequenceEqual(_shape))
            throw new ArgumentException(
                $"{name} has shape {LossChecks.Shape(shape)}; this frame's energy is for images of shape {LossChecks.Shape(_shape)}", name);
        CheckPlacement(image, name);
        return shape;
    }

    private void CheckPlacement(Tensor tensor, string name)
    {
        if (tensor.dtype != _network.DType)
            throw new ArgumentException($"{name} is {tensor.dtype}; the network computes in {_network.DType}: convert it with to_type", name);
        if (!LossChecks.SameDevice(tensor.device, _network.Device))
            throw new ArgumentException($"{name} is on {tensor.device}; the network is on {_network.Device}: move it with to()", name);
    }

    private static Tensor Keep(DisposeScope scope, Tensor tensor)
    {
        scope.Detach(tensor);
        return tensor;
    }
}
