using StyleFarm.Kernels.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Style;

/// <summary>
/// A VGG <c>features</c> network (any <see cref="FeatureNetworkLayout"/>: VGG-19, VGG-16) computed up to
/// the deepest requested layer and no further, returning the activations of the requested layers. Input
/// images are RGB in [0, 1]; the ImageNet normalisation (x − mean)/std happens inside. Convolutions are
/// 3×3, stride 1, with bias, padded by one pixel as <see cref="FeaturePadding"/> says (the edge repeated unless asked
/// for torchvision's zeros); pools are 2×2 max-pools with stride 2, as in torchvision.
/// The weights are copied to the device once, never require gradients, and belong to this module (registered as
/// torchvision names them, features.N.weight, so state_dict and to() work as for any TorchSharp module). Forward
/// only reads them, so one network can serve every frame of a job, from several threads at once. It is a module
/// of its own rather than an nn.Sequential because it stops at the deepest requested layer and frees each
/// activation as soon as the next layer consumed it.
/// </summary>
public sealed class FeatureNetwork : nn.Module
{
    private readonly FeatureLayer[] _layers;
    private readonly Tensor?[] _weights;
    private readonly Tensor?[] _biases;
    private readonly bool[] _requested;
    private readonly Tensor _mean = null!;
    private readonly Tensor _std = null!;
    private bool _disposed;

    /// <summary>
    /// Builds the network from <paramref name="weights"/> (whose <see cref="IFeatureWeights.Layout"/> is the
    /// network's layout), reading the weights of the layers up to the deepest of <paramref name="layers"/> only.
    /// </summary>
    /// <param name="weights">The convolution weights; read here, not kept.</param>
    /// <param name="layers">The layers <see cref="Forward"/> returns, by name ("relu4_2", "pool3", "conv1_1").</param>
    /// <param name="device">Where the weights live and the images must be (default: the CPU).</param>
    /// <param name="dtype">The floating type of weights and images (float32; float64 for gradient checks).</param>
    /// <param name="padding">What the convolutions read past the edge (default: the edge pixels repeated).</param>
    /// <param name="channelsLast">
    /// On the CPU, convolve in channels-last layout (default: yes; 0.8× the time of NCHW at 512×218). Same values up to
    /// float rounding; training keeps NCHW until its CI-size quality test has the margin to absorb a rounding change.
    /// </param>
    public FeatureNetwork(IFeatureWeights weights, IEnumerable<string> layers, Device? device = null,
        ScalarType dtype = ScalarType.Float32, FeaturePadding padding = FeaturePadding.Replicate, bool channelsLast = true) : base("vgg_features")
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(layers);
        if (dtype is not (ScalarType.Float32 or ScalarType.Float64))
            throw new ArgumentException($"a feature network computes in float32 or float64, not {dtype}", nameof(dtype));
        Layout = weights.Layout;
        Device = device ?? CPU;
        DType = dtype;
        Padding = padding;
        ChannelsLast = channelsLast && Device.type == DeviceType.CPU;
        var names = layers.Distinct(StringComparer.Ordinal).ToList();
        if (names.Count == 0) throw new ArgumentException("request at least one layer (e.g. \"relu4_2\")", nameof(layers));
        foreach (var name in names)
        {
            var layer = Layout[name];
            if (layer.Index > Layout.DeepestLayer.Index)
                throw new ArgumentException(
                    $"{Layout.ModelName} weights go up to {Layout.DeepestLayer.Name}; layer '{name}' is deeper, so it cannot be computed",
                    nameof(layers));
        }
        Layers = names.OrderBy(n => Layout.IndexOf(n)).ToList();
        DeepestLayer = Layout[Layers[^1]];
        _layers = Layout.Layers.Take(DeepestLayer.Index + 1).ToArray();
        _requested = _layers.Select(l => Layers.Contains(l.Name)).ToArray();
        MinimumInputSize = 1 << _layers.Count(l => l.Kind == FeatureLayerKind.MaxPool);
        _weights = new Tensor?[_layers.Length];
        _biases = new Tensor?[_layers.Length];
        try
        {
            for (var i = 0; i < _layers.Length; i++)
            {
                if (_layers[i].Kind != FeatureLayerKind.Conv) continue;
                _weights[i] = Register(_layers[i].WeightKey, InConvolutionLayout(Load(weights, _layers[i].WeightKey, _layers[i].WeightShape)).DetachFromDisposeScope());
                _biases[i] = Register(_layers[i].BiasKey, Load(weights, _layers[i].BiasKey, _layers[i].BiasShape));
            }
            _mean = Load(ImageNetNormalization.Mean.ToArray(), [1, 3, 1, 1]);
            register_buffer("mean", _mean, persistent: false);
            _std = Load(ImageNetNormalization.Std.ToArray(), [1, 3, 1, 1]);
            register_buffer("std", _std, persistent: false);
        }
        catch
        {
            DisposeWeights();
            throw;
        }
    }

    /// <summary>The VGG layout the network follows.</summary>
    public FeatureNetworkLayout Layout { get; }

    /// <summary>The layers <see cref="Forward"/> returns, shallowest first.</summary>
    public IReadOnlyList<string> Layers { get; }

    /// <summary>The deepest requested layer: the last one computed.</summary>
    public FeatureLayer DeepestLayer { get; }

    /// <summary>The device of the weights; images must be there too.</summary>
    public Device Device { get; }

    /// <summary>The floating type of the weights; images must have it too.</summary>
    public ScalarType DType { get; }

    /// <summary>What the convolutions read past the image's edge.</summary>
    public FeaturePadding Padding { get; }

    /// <summary>Whether images and weights are convolved in channels-last layout (CPU only).</summary>
    public bool ChannelsLast { get; }

    /// <summary>The smallest height and width an image may have: 2^(max-pools up to the deepest layer).</summary>
    public int MinimumInputSize { get; }

    /// <summary>
    /// The activations of <see cref="Layers"/> for <paramref name="image"/> (N, 3, H, W), RGB in [0, 1], on
    /// <see cref="Device"/> with type <see cref="DType"/>. Differentiable in the image when it requires
    /// gradients. The returned tensors belong to the caller (and to its dispose scope, if one is open);
    /// every intermediate activation is released as soon as the next layer has consumed it.
    /// </summary>
    public IReadOnlyDictionary<string, Tensor> Forward(Tensor image)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckImage(image);
        var result = new Dictionary<string, Tensor>(Layers.Count, StringComparer.Ordinal);
        var current = InConvolutionLayout(image.sub(_mean).div_(_std));
        try
        {
            for (var i = 0; i < _layers.Length; i++)
            {
                var layer = _layers[i];
                var next = layer.Kind switch
                {
                    FeatureLayerKind.Conv => Conv(current, i),
                    // In place, as torchvision's ReLU(inplace=True), unless the conv output itself was requested.
                    FeatureLayerKind.Relu => i > 0 && _requested[i - 1] ? current.relu() : current.relu_(),
                    _ => nn.functional.max_pool2d(current, [2], [2]),
                };
                if (!ReferenceEquals(next, current) && !(i > 0 && _requested[i - 1])) current.Dispose();
                current = next;
                if (_requested[i]) result[layer.Name] = current;
            }
            return result;
        }
        catch
        {
            if (!result.ContainsValue(current)) current.Dispose();
            foreach (var tensor in result.Values) tensor.Dispose();
            throw;
        }
    }

    // One 3×3 convolution with its padding.
    private Tensor Conv(Tensor current, int i)
    {
        if (Padding == FeaturePadding.Zeros) return nn.functional.conv2d(current, _weights[i]!, _biases[i], padding: [1]);
        using var padded = nn.functional.pad(current, [1, 1, 1, 1], PaddingModes.Replicate);
        return nn.functional.conv2d(padded, _weights[i]!, _biases[i]);
    }

    // On the CPU, oneDNN convolves channels-last tensors natively; NCHW ones are reordered around every convolution
    // (VGG-19 forward + backward at 512×218: 0.8× the time in channels-last, bench/run-style.sh --breakdown).
    private Tensor InConvolutionLayout(Tensor t)
    {
        if (!ChannelsLast) return t;
        using var nhwc = t.permute(0, 2, 3, 1);
        using var packed = nhwc.contiguous();
        var channelsLast = packed.permute(0, 3, 1, 2);
        t.Dispose();
        return channelsLast;
    }

    /// <summary>Frees the weight tensors.</summary>
    protected override void Dispose(bool disposing)
    {
        if (_disposed) return;
        _disposed = true;
        if (disposing) DisposeWeights();
        base.Dispose(disposing);
    }

    // A fixed weight of the module: a Parameter that never requires gradients, under torchvision's name.
    private Tensor Register(string name, Tensor weight)
    {
        var parameter = new TorchSharp.Modules.Parameter(weight, requires_grad: false);
        register_parameter(name, parameter);
        return parameter;
    }

    private void CheckImage(Tensor image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var shape = image.shape;
        if (shape.Length != 4 || shape[1] != 3)
            throw new ArgumentException(
                $"{Layout.ModelName} takes RGB images of shape (N, 3, H, W); got shape {LossChecks.Shape(shape)}", nameof(image));
        if (shape[2] < MinimumInputSize || shape[3] < MinimumInputSize)
            throw new ArgumentException(
                $"{Layout.ModelName} up to {DeepestLayer.Name} needs images of at least {MinimumInputSize}×{MinimumInputSize} " +
                $"pixels (one per pixel left after its max-pools); got {shape[3]}×{shape[2]}", nameof(image));
        if (image.dtype != DType)
            throw new ArgumentException($"the network computes in {DType}; the image is {image.dtype}: convert it with to_type", nameof(image));
        if (!LossChecks.SameDevice(image.device, Device))
            throw new ArgumentException($"the network's weights are on {Device}; the image is on {image.device}: move it with to()", nameof(image));
    }

    private Tensor Load(IFeatureWeights weights, string name, long[] shape)
    {
        var values = weights.Read(name);
        var expected = shape.Aggregate(1L, (a, b) => a * b);
        if (values.Length != expected)
            throw new InvalidDataException(
                $"{weights.Description}: tensor '{name}' has {values.Length} values, {Layout.ModelName} needs {expected} " +
                $"(shape {LossChecks.Shape(shape)})");
        return Load(values, shape);
    }

    private Tensor Load(float[] values, long[] shape)
    {
        using var host = tensor(values, shape);
        // Owned by this network, so out of any dispose scope the caller has open.
        return host.to(DType, Device).DetachFromDisposeScope();
    }

    private void DisposeWeights()
    {
        foreach (var t in _weights) t?.Dispose();
        foreach (var t in _biases) t?.Dispose();
        _mean?.Dispose();
        _std?.Dispose();
    }
}
