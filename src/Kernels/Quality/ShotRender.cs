using StyleFarm.Kernels.Flow;
using StyleFarm.Kernels.Imaging;
using StyleFarm.Kernels.Style;
using StyleFarm.Kernels.Stylize;
using StyleFarm.Kernels.Temporal;
using TorchSharp;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Quality;

/// <summary>
/// The farm's stylizer (<see cref="PassSweep"/>, the sweeps its stylize tasks run) over one shot kept whole,
/// frames in memory: pass 1 and then each later pass as one sweep over the shot (the farm's pass schedule for
/// a one-segment shot), with flows from the given <see cref="IOpticalFlow"/> and frames kept exactly (float32)
/// in a folder per render. What the quality tests and bench/quality.sh judge the algorithms by; on the CPU
/// every result is exactly repeatable.
/// </summary>
/// <param name="network">The feature network (shared, not owned).</param>
/// <param name="style">The style targets at the frames' size (shared, not owned).</param>
public sealed class ShotRender(FeatureNetwork network, StyleTargets style)
{
    /// <summary>
    /// Stylizes <paramref name="frames"/> as one shot into <paramref name="workspaceFolder"/> (created if
    /// needed, kept) and returns the final pass's frames, as the encoder would read them.
    /// </summary>
    public IReadOnlyList<Tensor> Render(StylePreset preset, bool independent, IReadOnlyList<RgbFrame> frames, IOpticalFlow flow,
        string workspaceFolder, IProgress<RenderProgress>? progress = null, CancellationToken cancel = default)
    {
        var finalPass = RenderInto(preset, independent, frames, flow, workspaceFolder, progress, cancel);
        var stored = new FolderSweepFrames(workspaceFolder);
        return Enumerable.Range(0, frames.Count).Select(i => stored.LoadAsync(finalPass, i, CancellationToken.None).GetAwaiter().GetResult()).ToList();
    }

    /// <summary>The same render in a temporary workspace that is deleted afterwards.</summary>
    public IReadOnlyList<Tensor> Render(StylePreset preset, bool independent, IReadOnlyList<RgbFrame> frames, IOpticalFlow flow,
        IProgress<RenderProgress>? progress = null)
    {
        var folder = Directory.CreateTempSubdirectory("stylefarm-quality-").FullName;
        try
        {
            return Render(preset, independent, frames, flow, folder, progress);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// Runs the sweeps into the workspace (frames already there are skipped, as a re-run stylize task skips its
    /// committed frames) and returns the pass whose frames are the output; the frames stay on disk.
    /// </summary>
    public int RenderInto(StylePreset preset, bool independent, IReadOnlyList<RgbFrame> frames, IOpticalFlow flow,
        string workspaceFolder, IProgress<RenderProgress>? progress = null, CancellationToken cancel = default)
    {
        // As a job's settings run the baseline: one pass, short-term offsets only.
        preset = independent ? preset with { Passes = 1, LongTermOffsets = [1] } : preset;
        preset.Validate();
        using var flows = new ShotFlows(frames, flow, ConsistencyOptions.Paper, CPU);
        var sweep = new PassSweep(new FrameStylizer(network, preset, independent), new FolderSweepFrames(workspaceFolder), flows,
            i => FrameTensors.ToTensor(frames[i], CPU), _ => style, progress);
        var shot = Enumerable.Range(0, frames.Count).ToList();
        if (preset.Passes == 1)
        {
            sweep.SequentialAsync(shot, preset.FrameIterations, cancel).GetAwaiter().GetResult();
            return 1;
        }
        // The farm's pass schedule (Grains' PassSchedule) for a shot kept whole: pass 1 independent, then forward, backward, …
        sweep.IndependentAsync(shot, preset.Passes, preset.IterationsPerPass, cancel).GetAwaiter().GetResult();
        for (var pass = 2; pass <= preset.Passes; pass++)
        {
            var order = pass % 2 == 0 ? shot : Enumerable.Reverse(shot).ToList();
            sweep.BlendedAsync(pass, preset.Passes, order, _ => true, preset.IterationsPerPass, null, cancel).GetAwaiter().GetResult();
        }
        return preset.Passes;
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
        using var objective = new FrameObjective(network, style, FrameTensors.ToTensor(content, CPU), options);
        return objective.Measure(output);
    }
}
