using StyleFarm.Grains.Jobs;
using StyleFarm.Kernels.Imaging;
using StyleFarm.Kernels.Models;
using StyleFarm.Kernels.Network;
using StyleFarm.Kernels.Stylize;
using StyleFarm.Kernels.Style;
using StyleFarm.Kernels.Video;
using static TorchSharp.torch;

namespace StyleFarm.Silo.Execution;

/// <summary>
/// The VGG-19 feature network and a job's style targets, kept between a worker's tasks: loading the
/// network and computing the style Grams cost more than a small task (ALGORITHMS.md §1: the style
/// targets are computed once per job and style, never per frame). One network (per seed) and one job's
/// targets are kept, and one trained stylization network of a network job (sec. 5); a worker runs one task at a
/// time, so this is not thread-safe.
/// </summary>
public sealed class StyleModels(ModelStore models, Device device) : IDisposable
{
    private (long Seed, FeatureNetwork Network)? _network;
    private (string Key, StyleTargets Targets)? _targets;
    private (string Key, NetworkModel Model)? _stylizer;

    /// <summary>What the network's weights are (a real file, or the seeded random stand-in).</summary>
    public string? WeightsDescription { get; private set; }

    /// <summary>The feature network with the energy's layers, for weights seeded by <paramref name="seed"/> when none are installed.</summary>
    public FeatureNetwork Network(long seed)
    {
        if (_network is { } kept && kept.Seed == seed) return kept.Network;
        _network?.Network.Dispose();
        _network = null;
        using var weights = models.OpenWeights("vgg19", unchecked((ulong)seed));
        WeightsDescription = weights.Description;
        var network = new FeatureNetwork(weights, new StyleEnergyOptions().FeatureLayers, device);
        _network = (seed, network);
        return network;
    }

    /// <summary>
    /// The style targets of <paramref name="job"/>'s style image for frames of <paramref name="width"/>×<paramref name="height"/>.
    /// </summary>
    /// <exception cref="PermanentTaskException">The style image cannot be read, or is too small at the preset's style scale.</exception>
    public StyleTargets Targets(JobId job, string styleImage, int width, int height, StylePreset preset)
    {
        var key = $"{job}|{styleImage}|{width}x{height}|{preset.StyleScale}|{preset.Seed}";
        if (_targets is { } kept && kept.Key == key) return kept.Targets;
        _targets?.Targets.Dispose();
        _targets = null;
        StyleTargets targets;
        try
        {
            targets = Compute(StyleImages.Read(styleImage), width, height, preset);
        }
        catch (ArgumentException e)
        {
            throw new PermanentTaskException($"the style image {styleImage} cannot be used: {e.Message}", e);
        }
        _targets = (key, targets);
        return targets;
    }

    /// <summary>
    /// The style targets of <paramref name="style"/> for frames of <paramref name="width"/>×<paramref name="height"/>,
    /// not kept: the caller owns them (a colour-matched style image per frame).
    /// </summary>
    /// <exception cref="ArgumentException">The style image is too small at the preset's style scale.</exception>
    public StyleTargets Compute(RgbFrame style, int width, int height, StylePreset preset)
    {
        var network = Network(preset.Seed);
        using var scope = NewDisposeScope();
        return StyleTargets.Compute(network, FrameTensors.ToTensor(style, device), width, height,
            new StyleEnergyOptions().StyleLayers.Select(l => l.Layer), preset.StyleScale);
    }

    /// <summary>The trained network in the model file <paramref name="path"/> (a network job's), loaded once while the file stays the same.</summary>
    /// <exception cref="PermanentTaskException">The file is a URI, missing, or not a network model; the message names it.</exception>
    public NetworkModel Stylizer(string path)
    {
        LocalPaths.Require(path, "network model");
        var file = new FileInfo(path);
        var key = $"{file.FullName}|{(file.Exists ? file.Length : -1)}|{(file.Exists ? file.LastWriteTimeUtc.Ticks : 0)}";
        if (_stylizer is { } kept && kept.Key == key) return kept.Model;
        _stylizer?.Model.Dispose();
        _stylizer = null;
        NetworkModel model;
        try
        {
            model = NetworkModelFile.Load(path, device);
        }
        catch (FileNotFoundException e)
        {
            throw new PermanentTaskException($"the network model {path} does not exist: train one with `stylefarm train`", e);
        }
        catch (InvalidModelFileException e)
        {
            throw new PermanentTaskException($"the network model cannot be used: {e.Message}", e);
        }
        _stylizer = (key, model);
        return model;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stylizer?.Model.Dispose();
        _stylizer = null;
        _targets?.Targets.Dispose();
        _network?.Network.Dispose();
        _targets = null;
        _network = null;
    }
}
