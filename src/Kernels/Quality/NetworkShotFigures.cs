using StyleFarm.Kernels.Flow;
using StyleFarm.Kernels.Network;
using StyleFarm.Kernels.Stylize;
using StyleFarm.Kernels.Synthetic;
using StyleFarm.Kernels.Temporal;
using StyleFarm.Kernels.Video;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Quality;

/// <summary>
/// What a trained network scores on a synthetic sequence with exact flow (sec. 7.2.2, Tables 2 and 5): per frame, the
/// temporal error against the previous output (Table 2: frame t warped back by the exact flow, over pixels visible in
/// both; index 0 is NaN) and the content and style terms of the training loss (L_video without the temporal term). Run
/// with the prior (eq. 15) and without (the same network with an empty prior every frame, the per-frame baseline), the
/// ratios of the two are the paper's comparison.
/// </summary>
/// <param name="TemporalErrors">Temporal error of frame t against frame t − 1 (NaN for frame 0).</param>
/// <param name="Content">Weighted content term of each frame.</param>
/// <param name="Style">Weighted style term of each frame.</param>
public sealed record NetworkShotFigures(IReadOnlyList<double> TemporalErrors, IReadOnlyList<double> Content, IReadOnlyList<double> Style)
{
    /// <summary>Mean temporal error over consecutive pairs (how Table 2 averages a sequence).</summary>
    public double TemporalError => TemporalErrors.Skip(1).Average();

    /// <summary>Mean content term per frame.</summary>
    public double MeanContent => Content.Average();

    /// <summary>Mean style term per frame.</summary>
    public double MeanStyle => Style.Average();

    /// <summary>
    /// Stylizes <paramref name="sequence"/> with <paramref name="stylizer"/>, with its prior (eq. 15) or per frame
    /// (<paramref name="withPrior"/> false), the prior's mask from the exact flow's consistency weights (eq. 5–7), and
    /// measures it with <paramref name="loss"/>'s content and style terms. Writes the outputs to
    /// <paramref name="dump"/> as label-NNN.png when given.
    /// </summary>
    public static NetworkShotFigures Measure(NetworkStylizer stylizer, VideoLoss loss, SyntheticSequence sequence, bool withPrior,
        string? dump = null, string label = "network")
    {
        ArgumentNullException.ThrowIfNull(stylizer);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(sequence);
        var truth = new GroundTruthOpticalFlow(sequence);
        using var flows = new ShotFlows(truth.Frames, truth, ConsistencyOptions.Paper, CPU);
        using var scope = NewDisposeScope();
        var frames = truth.Frames.Select(f => FrameTensors.ToTensor(f, CPU)).ToList();
        var outputs = stylizer.Shot(frames, flows, withPrior);
        var errors = new List<double> { double.NaN };
        for (var t = 1; t < outputs.Count; t++) errors.Add(SequenceMetrics.TemporalError(sequence, outputs, t - 1, t)); // Table 2
        var content = new List<double>();
        var style = new List<double>();
        using (no_grad())
        {
            for (var t = 0; t < outputs.Count; t++)
            {
                var terms = loss.Compute(outputs[t], frames[t], null); // eq. 17 without its temporal term
                content.Add(terms.Content.item<float>());
                style.Add(terms.Style.item<float>());
            }
        }
        if (dump is not null)
        {
            Directory.CreateDirectory(dump);
            for (var t = 0; t < outputs.Count; t++) ImageFile.Write(Path.Combine(dump, $"{label}-{t:D3}.png"), FrameTensors.ToFrame(outputs[t]));
        }
        return new NetworkShotFigures(errors, content, style);
    }
}
