using StyleFarm.Kernels.Imaging;
using StyleFarm.Kernels.Quality;
using StyleFarm.Kernels.Stylize;
using StyleFarm.Kernels.Synthetic;
using StyleFarm.Kernels.Video;
using TorchSharp;
using static TorchSharp.torch;

namespace StyleFarm.Bench.Quality;

/// <summary>What one render mode scores on the pan-and-zoom sequence with its exact flow (ALGORITHMS.md §8).</summary>
/// <param name="TemporalError">Mean short-term temporal error (Table 2) over consecutive pairs.</param>
/// <param name="BorderGradient">Mean E_gradient (eq. 23) along earlier frames' borders, frames 1 … N − 1.</param>
/// <param name="Content">Mean weighted content term per frame.</param>
/// <param name="Style">Mean weighted style term per frame.</param>
/// <param name="Evaluations">Objective evaluations the render's optimizers made (every frame and pass).</param>
/// <param name="Seconds">Wall time of the render.</param>
internal sealed record ExactFlowFigures(double TemporalError, double BorderGradient, double Content, double Style, long Evaluations, double Seconds)
{
    /// <summary>Renders <paramref name="sequence"/> with <paramref name="preset"/> and measures it; writes the frames to <paramref name="dump"/> if given.</summary>
    public static ExactFlowFigures Measure(ShotRender render, StylePreset preset, bool independent, SyntheticSequence sequence, GroundTruthOpticalFlow flow,
        string? dump, string label)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var counter = new EvaluationCounter();
        var frames = render.Render(preset, independent, flow.Frames, flow, counter);
        var seconds = clock.Elapsed.TotalSeconds;
        try
        {
            var temporal = SequenceMetrics.MeanShortTermError(sequence, frames);
            var border = Enumerable.Range(1, frames.Count - 1).Select(t =>
            {
                var (horizontal, vertical) = EarlierBorders.Bands(sequence, t);
                return GradientRatio.Compute(frames[t], horizontal, vertical);
            }).Where(r => r is not null).Select(r => r!.Value).DefaultIfEmpty(double.NaN).Average();
            var terms = Enumerable.Range(0, frames.Count).Select(t => render.Measure(preset, flow.Frames[t], frames[t])).ToList();
            if (dump is not null)
            {
                Directory.CreateDirectory(dump);
                for (var t = 0; t < frames.Count; t++) ImageFile.Write(Path.Combine(dump, $"{label}-{t:D3}.png"), FrameTensors.ToFrame(frames[t]));
            }
            return new ExactFlowFigures(temporal, border, terms.Average(e => e.Content), terms.Average(e => e.Style), counter.Evaluations, seconds);
        }
        finally
        {
            foreach (var f in frames) f.Dispose();
        }
    }
}
