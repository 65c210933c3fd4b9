using StyleFarm.Kernels.Flow;
using StyleFarm.Kernels.Imaging;
using StyleFarm.Kernels.Models;
using StyleFarm.Kernels.Quality;
using StyleFarm.Kernels.Style;
using StyleFarm.Kernels.Stylize;
using StyleFarm.Kernels.Video;
using TorchSharp;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Tests.Quality;

/// <summary>
/// A <see cref="ShotRender"/> with the seeded random-weight VGG-19 (the only weights to be had here) and the style
/// targets of one painting at the frame size. CPU only, so every result is exactly repeatable.
/// </summary>
public sealed class StylizerRig : IDisposable
{
    /// <summary>The painting every quality test uses.</summary>
    public const string DefaultStyle = "/usr/share/doc/opencv-doc/examples/data/starry_night.jpg";

    private readonly IFeatureWeights _weights;
    private readonly FeatureNetwork _network;
    private readonly StyleTargets _style;
    private readonly ShotRender _render;

    /// <summary>A network seeded with <paramref name="networkSeed"/> and the style targets of <paramref name="stylePath"/> for <paramref name="width"/>×<paramref name="height"/> frames.</summary>
    public StylizerRig(int width, int height, string stylePath = DefaultStyle, ulong networkSeed = 0)
    {
        Width = width;
        Height = height;
        var energy = new StyleEnergyOptions();
        _weights = new RandomFeatureWeights(Vgg19Layout.Features, networkSeed, "quality tests");
        _network = new FeatureNetwork(_weights, energy.FeatureLayers, CPU);
        using var scope = NewDisposeScope();
        _style = StyleTargets.Compute(_network, FrameTensors.ToTensor(ImageFile.Read(stylePath), CPU), width, height,
            energy.StyleLayers.Select(l => l.Layer), energy.StyleScale);
        _render = new ShotRender(_network, _style);
    }

    public int Width { get; }
    public int Height { get; }

    /// <summary>The network, for tests that optimise a single frame.</summary>
    public FeatureNetwork Network => _network;

    /// <summary>The painting's style targets at the frame size.</summary>
    public StyleTargets Style => _style;

    /// <inheritdoc cref="ShotRender.Render(StylePreset, bool, IReadOnlyList{RgbFrame}, IOpticalFlow, string, IProgress{RenderProgress}?, CancellationToken)"/>
    public IReadOnlyList<Tensor> Render(StylePreset preset, bool independent, IReadOnlyList<RgbFrame> frames, IOpticalFlow flow,
        string workspaceFolder, IProgress<RenderProgress>? progress = null, CancellationToken cancel = default) =>
        _render.Render(preset, independent, frames, flow, workspaceFolder, progress, cancel);

    /// <inheritdoc cref="ShotRender.Render(StylePreset, bool, IReadOnlyList{RgbFrame}, IOpticalFlow, IProgress{RenderProgress}?)"/>
    public IReadOnlyList<Tensor> Render(StylePreset preset, bool independent, IReadOnlyList<RgbFrame> frames, IOpticalFlow flow) =>
        _render.Render(preset, independent, frames, flow);

    /// <inheritdoc cref="ShotRender.RenderInto"/>
    public int RenderInto(StylePreset preset, bool independent, IReadOnlyList<RgbFrame> frames, IOpticalFlow flow,
        string workspaceFolder, IProgress<RenderProgress>? progress = null, CancellationToken cancel = default) =>
        _render.RenderInto(preset, independent, frames, flow, workspaceFolder, progress, cancel);

    /// <inheritdoc cref="ShotRender.Measure"/>
    public FrameEnergyTerms Measure(StylePreset preset, RgbFrame content, Tensor output) => _render.Measure(preset, content, output);

    public void Dispose()
    {
        _style.Dispose();
        _network.Dispose();
        _weights.Dispose();
    }
}
