using StyleFarm.Kernels.Flow;
using StyleFarm.Kernels.Imaging;
using StyleFarm.Kernels.Models;
using StyleFarm.Kernels.Style;
using StyleFarm.Kernels.Stylize;
using StyleFarm.Kernels.Video;
using StyleFarm.Kernels.Torch;
using static StyleFarm.Kernels.Torch.torch;

namespace StyleFarm.Kernels.Tests.Quality;

/// <summary>
/// What `stylefarm render` sets up around <see cref="ShotStylizer"/>, for frames already in memory: the
/// seeded random-weight VGG-19 (the only weights to be had here), the style targets of one painting at
/// the frame size, and a temporary workspace per render. CPU only, so every result is exactly repeatable.
/// </summary>
public sealed class StylizerRig : IDisposable
{
    /// <summary>The painting every quality test uses.</summary>
    public const string DefaultStyle = "/usr/share/doc/opencv-doc/examples/data/starry_night.jpg";

    private readonly IFeatureWeights _weights;
    private readonly FeatureNetwork _network;
    private readonly StyleTargets _style;

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
    }

    public int Width { get; }
    public int Height { get; }

    /// <summary>
    /// Stylizes <paramref name="frames"/> as one shot into <paramref name="workspaceFolder"/> (created if
    /// needed, kept) and returns the final pass's frames, as the renderer would encode them.
    /// </summary>
    public IReadOnlyList<Tensor> Render(StylePreset preset, bool independent, IReadOnlyList<RgbFrame> frames, IOpticalFlow flow,
        string workspaceFolder, IProgress<RenderProgress>? progress = null, CancellationToken cancel = default)
    {
        var stylizer = RenderInto(preset, independent, frames, flow, workspaceFolder, progress, cancel);
        var workspace = RenderWorkspace.Open(workspaceFolder, Settings(Effective(preset, independent), independent));
        return Enumerable.Range(0, frames.Count).Select(i => workspace.Load(stylizer.FinalPass, i, CPU)).ToList();
    }

    /// <summary><see cref="Render(StylePreset, bool, IReadOnlyList{RgbFrame}, IOpticalFlow, string, IProgress{RenderProgress}?, CancellationToken)"/> in a temporary workspace that is deleted afterwards.</summary>
    public IReadOnlyList<Tensor> Render(StylePreset preset, bool independent, IReadOnlyList<RgbFrame> frames, IOpticalFlow flow)
    {
        var folder = Directory.CreateTempSubdirectory("stylefarm-quality-").FullName;
        try
        {
            return Render(preset, independent, frames, flow, folder);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Runs the stylizer into the workspace and returns it (the frames stay on disk).</summary>
    public ShotStylizer RenderInto(StylePreset preset, bool independent, IReadOnlyList<RgbFrame> frames, IOpticalFlow flow,
        string workspaceFolder, IProgress<RenderProgress>? progress = null, CancellationToken cancel = default)
    {
        preset = Effective(preset, independent);
        preset.Validate();
        manual_seed(preset.Seed); // as the renderer seeds the noise of a render
        var workspace = RenderWorkspace.Open(workspaceFolder, Settings(preset, independent));
        var stylizer = new ShotStylizer(_network, preset, independent, flow, CPU);
        stylizer.Render(new ShotInput(0, frames, _ => _style), workspace, progress, cancel);
        return stylizer;
    }

    /// <summary>
    /// The weighted content, style and total-variation terms of <paramref name="output"/> as a stylization of
    /// <paramref name="content"/> under <paramref name="preset"/>'s weights (no temporal term): how well a frame
    /// is stylized, whatever its neighbours (Table 5 compares these against independent frames).
    /// </summary>
    public FrameEnergyTerms Measure(StylePreset preset, RgbFrame content, Tensor output)
    {
        using var scope = NewDisposeScope();
        var options = new StyleEnergyOptions
        {
            ContentWeight = preset.ContentWeight,
            StyleWeight = preset.StyleWeight,
            TotalVariationWeight = preset.TotalVariationWeight,
            StyleScale = preset.StyleScale,
        };
        using var objective = new FrameObjective(_network, _style, FrameTensors.ToTensor(content, CPU), options);
        return objective.Measure(output);
    }

    public void Dispose()
    {
        _style.Dispose();
        _network.Dispose();
        _weights.Dispose();
    }

    // As the renderer runs the baseline: one pass, short-term offsets only.
    private static StylePreset Effective(StylePreset preset, bool independent) =>
        independent ? preset with { Passes = 1, LongTermOffsets = [1] } : preset;

    private string Settings(StylePreset preset, bool independent) =>
        $"{System.Text.Json.JsonSerializer.Serialize(preset)} independent={independent} {Width}x{Height}";
}
