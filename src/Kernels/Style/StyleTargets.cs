using TorchSharp;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Style;

/// <summary>
/// The style image's normalised Gram matrices Â_l = A_l/(N_l·M_l), one per style layer, computed once per
/// style and job (ALGORITHMS §1) and shared by every frame's objective. Before its features are computed
/// the style image is resized so that its area is the content's area × style scale, keeping its aspect.
/// </summary>
public sealed class StyleTargets : IDisposable
{
    private readonly Dictionary<string, Tensor> _grams;
    private bool _disposed;

    private StyleTargets(Dictionary<string, Tensor> grams, IReadOnlyList<string> layers, int width, int height)
    {
        _grams = grams;
        Layers = layers;
        Width = width;
        Height = height;
    }

    /// <summary>The style layers, shallowest first.</summary>
    public IReadOnlyList<string> Layers { get; }

    /// <summary>The width the style image was resized to before its features were computed.</summary>
    public int Width { get; }

    /// <summary>The height the style image was resized to before its features were computed.</summary>
    public int Height { get; }

    /// <summary>Â_l of layer <paramref name="layer"/>, shape (1, N_l, N_l); owned by this object.</summary>
    public Tensor this[string layer]
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _grams.TryGetValue(layer, out var gram) ? gram
                : throw new ArgumentException(
                    $"the style targets hold layers {string.Join(", ", Layers)}, not '{layer}'", nameof(layer));
        }
    }

    /// <summary>
    /// Resizes the style image <paramref name="a"/> (1, 3, h, w), RGB in [0, 1], to
    /// <see cref="ScaledSize"/> and computes its normalised Gram matrices at <paramref name="layers"/>
    /// with <paramref name="network"/>, which must return those layers. The image is converted to the
    /// network's device and type.
    /// </summary>
    public static StyleTargets Compute(FeatureNetwork network, Tensor a, int contentWidth, int contentHeight,
        IEnumerable<string> layers, double styleScale = 1.0)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(layers);
        var names = layers.Distinct(StringComparer.Ordinal).OrderBy(network.Layout.IndexOf).ToList();
        if (names.Count == 0) throw new ArgumentException("style targets need at least one layer", nameof(layers));
        var missing = names.Where(n => !network.Layers.Contains(n)).ToList();
        if (missing.Count > 0)
            throw new ArgumentException(
                $"the feature network returns {string.Join(", ", network.Layers)}; request {string.Join(", ", missing)} from it too",
                nameof(network));
        var shape = a.shape;
        if (shape.Length != 4 || shape[0] != 1 || shape[1] != 3)
            throw new ArgumentException($"the style image must be one RGB image of shape (1, 3, H, W); got {LossChecks.Shape(shape)}", nameof(a));
        var (width, height) = ScaledSize((int)shape[3], (int)shape[2], contentWidth, contentHeight, styleScale);
        if (width < network.MinimumInputSize || height < network.MinimumInputSize)
            throw new ArgumentException(
                $"the style image scaled to {width}×{height} (content {contentWidth}×{contentHeight} × style scale {styleScale}) is " +
                $"smaller than the {network.MinimumInputSize}×{network.MinimumInputSize} the network needs; raise the style scale",
                nameof(styleScale));

        var grams = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        using (no_grad())
        using (var scope = NewDisposeScope())
        {
            using var placed = a.to(network.DType, network.Device);
            var resized = Resize(placed, width, height);
            var features = network.Forward(resized);
            foreach (var name in names)
            {
                var gram = GramMatrix.Normalized(features[name]);
                scope.Detach(gram);
                grams[name] = gram;
            }
        }
        return new StyleTargets(grams, names, width, height);
    }

    /// <summary>
    /// The size a style image of <paramref name="styleWidth"/>×<paramref name="styleHeight"/> is resized to:
    /// its aspect ratio kept, its area the content's area × <paramref name="styleScale"/>, each side rounded
    /// to the nearest pixel (at least 1).
    /// </summary>
    public static (int Width, int Height) ScaledSize(int styleWidth, int styleHeight, int contentWidth, int contentHeight,
        double styleScale = 1.0)
    {
        if (styleWidth <= 0 || styleHeight <= 0)
            throw new ArgumentException($"the style image is {styleWidth}×{styleHeight}; both sides must be positive");
        if (contentWidth <= 0 || contentHeight <= 0)
            throw new ArgumentException($"the content is {contentWidth}×{contentHeight}; both sides must be positive");
        if (!(styleScale > 0) || double.IsInfinity(styleScale))
            throw new ArgumentOutOfRangeException(nameof(styleScale), $"the style scale must be a positive number, got {styleScale}");
        var area = (double)contentWidth * contentHeight * styleScale;
        var aspect = (double)styleWidth / styleHeight;
        var width = (int)Math.Max(1, Math.Round(Math.Sqrt(area * aspect), MidpointRounding.AwayFromZero));
        var height = (int)Math.Max(1, Math.Round(Math.Sqrt(area / aspect), MidpointRounding.AwayFromZero));
        return (width, height);
    }

    /// <summary>Frees the Gram matrices.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var gram in _grams.Values) gram.Dispose();
    }

    // Halves by 2×2 averaging while the target is at most half the size (an anti-aliasing pre-filter bilinear
    // lacks), then bilinear to the exact size. The same size returns the image unchanged.
    private static Tensor Resize(Tensor image, int width, int height)
    {
        var current = image;
        while (current.size(3) >= 2L * width && current.size(2) >= 2L * height)
            current = nn.functional.avg_pool2d(current, [2]);
        if (current.size(3) == width && current.size(2) == height) return current;
        return nn.functional.interpolate(current, [height, width], mode: InterpolationMode.Bilinear, align_corners: false);
    }
}
