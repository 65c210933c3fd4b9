namespace StyleFarm.Kernels.Models;

/// <summary>
/// The layer table of a torchvision VGG <c>features</c> sequence: blocks of 3×3 conv + ReLU pairs,
/// each block closed by a 2×2 max-pool, numbered as torchvision numbers them. Layers are named
/// conv{block}_{n}, relu{block}_{n} and pool{block}. Only the layers up to <see cref="DeepestLayer"/>
/// are computed, so only their weights are required.
/// </summary>
public sealed class FeatureNetworkLayout
{
    /// <summary>Prefix of every key in torchvision's state dict for the features sequence.</summary>
    public const string KeyPrefix = "features";

    private readonly Dictionary<string, FeatureLayer> _byName;

    /// <param name="modelName">The name the model store knows it by ("vgg19").</param>
    /// <param name="blockChannels">Per block, the output channels of each conv (input is RGB).</param>
    /// <param name="deepestLayer">The last layer the network computes, e.g. "relu5_1".</param>
    public FeatureNetworkLayout(string modelName, IReadOnlyList<IReadOnlyList<int>> blockChannels, string deepestLayer)
    {
        var layers = new List<FeatureLayer>();
        var channels = 3;
        for (var block = 1; block <= blockChannels.Count; block++)
        {
            var convs = blockChannels[block - 1];
            if (convs.Count == 0) throw new ArgumentException($"block {block} has no convolutions", nameof(blockChannels));
            for (var n = 1; n <= convs.Count; n++)
            {
                var output = convs[n - 1];
                if (output <= 0) throw new ArgumentException($"conv{block}_{n} has {output} output channels", nameof(blockChannels));
                layers.Add(new FeatureLayer(layers.Count, $"conv{block}_{n}", FeatureLayerKind.Conv, channels, output));
                layers.Add(new FeatureLayer(layers.Count, $"relu{block}_{n}", FeatureLayerKind.Relu, output, output));
                channels = output;
            }
            layers.Add(new FeatureLayer(layers.Count, $"pool{block}", FeatureLayerKind.MaxPool, channels, channels));
        }
        ModelName = modelName;
        Layers = layers;
        _byName = layers.ToDictionary(l => l.Name, StringComparer.Ordinal);
        DeepestLayer = this[deepestLayer];
        RequiredLayers = layers.Take(DeepestLayer.Index + 1).ToList();
        RequiredTensors = RequiredLayers.Where(l => l.Kind == FeatureLayerKind.Conv)
            .SelectMany(l => new[] { new TensorRequirement(l.WeightKey, l.WeightShape), new TensorRequirement(l.BiasKey, l.BiasShape) })
            .ToList();
    }

    /// <summary>The name the model store knows this network by.</summary>
    public string ModelName { get; }

    /// <summary>Every layer of the features sequence, by index.</summary>
    public IReadOnlyList<FeatureLayer> Layers { get; }

    /// <summary>The last layer computed.</summary>
    public FeatureLayer DeepestLayer { get; }

    /// <summary>Layers 0 … <see cref="DeepestLayer"/>.</summary>
    public IReadOnlyList<FeatureLayer> RequiredLayers { get; }

    /// <summary>Weight and bias of every convolution in <see cref="RequiredLayers"/>, with exact shapes.</summary>
    public IReadOnlyList<TensorRequirement> RequiredTensors { get; }

    /// <summary>The layer called <paramref name="name"/> ("relu4_2", "pool3", …).</summary>
    public FeatureLayer this[string name] =>
        _byName.TryGetValue(name, out var layer) ? layer
            : throw new ArgumentException($"{ModelName} has no layer '{name}'; its layers are {string.Join(", ", Layers.Select(l => l.Name))}", nameof(name));

    /// <summary>Index in the features sequence of the layer called <paramref name="name"/>.</summary>
    public int IndexOf(string name) => this[name].Index;
}
