using StyleFarm.Kernels.Optim;
using StyleFarm.Kernels.Style;
using StyleFarm.Kernels.Temporal;
using TorchSharp;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Stylize;

/// <summary>
/// One frame of the optimisation stylizer: how a frame is initialised, which temporal terms its
/// energy has, and the L-BFGS run that minimises it. <see cref="PassSweep"/> runs it over the frames of
/// one pass (the farm's stylize tasks, whatever machine they run on), so every frame is computed the
/// same way from the same inputs. Every returned tensor belongs to the caller.
/// </summary>
/// <param name="network">The feature network (shared, not owned).</param>
/// <param name="preset">Weights, iterations and the multi-pass parameters.</param>
/// <param name="independent">The baseline: no temporal term, noise init.</param>
public sealed class FrameStylizer(FeatureNetwork network, StylePreset preset, bool independent)
{
    /// <summary>The preset in use.</summary>
    public StylePreset Preset => preset;

    /// <summary>Whether this is the baseline: every frame on its own from noise, no temporal term.</summary>
    public bool Independent => independent;

    /// <summary>
    /// Frame <paramref name="i"/> of a single-pass forward sweep that started afresh at frame
    /// <paramref name="start"/> (§2–3): from <paramref name="startInit"/> at the start, otherwise from the
    /// previous output warped onto it, with the short- and long-term temporal loss (eq. 8, 11–12) against
    /// the outputs at the preset's offsets that the sweep has made, or Wang et al.'s coherence term where
    /// the flow to the previous frame is reliable for too few pixels.
    /// </summary>
    /// <param name="content">Frame i's content image [1,3,H,W].</param>
    /// <param name="style">The style targets of frame i.</param>
    /// <param name="i">The frame, in the numbering of <paramref name="flows"/> and <paramref name="outputs"/>.</param>
    /// <param name="start">The sweep's first frame.</param>
    /// <param name="outputs">The sweep's finished frames (at least i − 1 and i − j for the offsets j that reach back no further than the start).</param>
    /// <param name="flows">Weights and warps between the sweep's frames.</param>
    /// <param name="contentOf">The content image of an earlier frame (for the coherence term).</param>
    /// <param name="startInit">The init of the sweep's first frame.</param>
    /// <param name="frame">The frame's absolute number, for progress.</param>
    /// <param name="iterations">L-BFGS iterations.</param>
    /// <param name="progress">Receives the optimizer's iterations.</param>
    /// <param name="cancel">Stops the optimizer.</param>
    public Tensor Sequential(Tensor content, StyleTargets style, int i, int start, IReadOnlyDictionary<int, Tensor> outputs,
        IFrameFlows flows, Func<int, Tensor> contentOf, Func<Tensor> startInit, int frame, int iterations,
        IProgress<RenderProgress>? progress, CancellationToken cancel)
    {
        using var scope = NewDisposeScope();
        var temporal = new List<TemporalReference>();
        CoherenceReference? coherence = null;
        Tensor init;
        if (independent) init = Noise(content, frame);            // the baseline: every frame on its own
        else if (i == start) init = startInit();                 // every shot (or segment sweep) starts afresh
        else
        {
            var previous = flows.Warp(outputs[i - 1], i, i - 1);
            var shortTerm = flows.Weights(i, i - 1);
            // §2's warped init where the history is reliable; the content frame (DeepMovie's first-frame init) where it is
            // not, so content entering at a border or a disocclusion starts from an image the style converges from quickly.
            init = shortTerm * previous + (1f - shortTerm) * content;
            if (shortTerm.ge(0.5f).to_type(ScalarType.Float32).mean().item<float>() < preset.CoherenceFallbackBelow)
                coherence = new CoherenceReference(outputs[i - 1], contentOf(i - 1)); // Wang et al.
            else
            {
                var offsets = preset.LongTermOffsets.Order().ToArray();
                var plain = offsets.Where(j => i - j >= start).Select(j => (j, flows.Weights(i, i - j))).ToList();
                foreach (var (j, c) in LongTermWeights.Compute(plain))  // eq. 12: c_long
                    temporal.Add(new TemporalReference(j == 1 ? previous : flows.Warp(outputs[i - j], i, i - j), c));
            }
        }
        var options = EnergyOptions(preset.TemporalWeight);
        using var objective = new FrameObjective(network, style, content, options, temporal, coherence);
        return Optimize(objective, init, frame, 1, 1, iterations, progress, cancel).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Frame of pass <paramref name="pass"/> of a multi-pass render (§4). Pass 1 starts from
    /// <paramref name="init"/> (content or noise) with no temporal term. A later pass starts from the
    /// previous pass's result <paramref name="init"/> blended with the neighbour of this sweep warped onto
    /// the frame, eq. 13–14 as the reference blends: (x + w·c·ω)/(1 + w·c); from the preset's
    /// temporal-from-pass on, the energy also ties the frame to that warped neighbour. The first frame of a
    /// sweep has no neighbour (<paramref name="warpedNeighbour"/> null) and starts from the previous pass alone.
    /// </summary>
    /// <param name="content">The frame's content image [1,3,H,W].</param>
    /// <param name="style">Its style targets.</param>
    /// <param name="pass">The pass, from 1.</param>
    /// <param name="passes">Passes of the render, for progress.</param>
    /// <param name="init">Pass 1: the initial image; later passes: the frame's result of the previous pass.</param>
    /// <param name="warpedNeighbour">The previous frame of this sweep (this pass's result) warped onto the frame; null for the sweep's first frame.</param>
    /// <param name="neighbourWeights">The consistency weights c of that warp.</param>
    /// <param name="frame">The frame's absolute number, for progress.</param>
    /// <param name="iterations">L-BFGS iterations of this pass.</param>
    /// <param name="progress">Receives the optimizer's iterations.</param>
    /// <param name="cancel">Stops the optimizer.</param>
    /// <param name="rampScale">
    /// Multiplies the preset's blend weight and its multi-pass temporal weight for this frame (a chained sweep's ramp after a seam,
    /// a shot's edge's start; 1 elsewhere).
    /// </param>
    /// <param name="holdToNeighbour">Whether the temporal term (from the preset's temporal-from-pass) holds the frame to the warped
    /// neighbour; false where the neighbour is only a start (a shot's edge, whose neighbour is the next frame's previous pass).</param>
    public Tensor PassFrame(Tensor content, StyleTargets style, int pass, int passes, Tensor init, Tensor? warpedNeighbour,
        Tensor? neighbourWeights, int frame, int iterations, IProgress<RenderProgress>? progress, CancellationToken cancel, double rampScale = 1,
        bool holdToNeighbour = true)
    {
        using var scope = NewDisposeScope();
        var temporal = new List<TemporalReference>();
        var start = init;
        if (pass > 1 && warpedNeighbour is not null)
        {
            var weights = neighbourWeights ?? throw new ArgumentNullException(nameof(neighbourWeights), "a warped neighbour needs its consistency weights");
            var wc = BlendFeather.Of(weights) * (float)(preset.BlendWeight * rampScale);
            start = (init + wc * warpedNeighbour) / (1f + wc); // eq. 13–14 as the reference blends, its weights feathered
            if (holdToNeighbour && pass >= preset.TemporalFromPass) temporal.Add(new TemporalReference(warpedNeighbour, weights));
        }
        // The ramp ties the frame to its neighbour in the energy (eq. 8) as in the init (eq. 13–14): else 2 iterations left the warp (9e-5 → 4.9e-3).
        using var objective = new FrameObjective(network, style, content, EnergyOptions(preset.MultiPassTemporalWeight * rampScale), temporal);
        return Optimize(objective, start, frame, pass, passes, iterations, progress, cancel).MoveToOuterDisposeScope();
    }

    /// <summary>The reference's random init for frame <paramref name="frame"/>: the same noise on every machine and after a resume (<see cref="SeededNoise"/>).</summary>
    public Tensor Noise(Tensor p, int frame) => SeededNoise.Like(p, preset.Seed, 1, frame);

    /// <summary>Minimises <paramref name="objective"/> from <paramref name="init"/>; the result is clamped to [0,1].</summary>
    private Tensor Optimize(FrameObjective objective, Tensor init, int frame, int pass, int passes, int iterations,
        IProgress<RenderProgress>? progress, CancellationToken cancel)
    {
        var x = init.detach().clone().requires_grad_();
        var lbfgs = new Lbfgs(new LbfgsOptions
        {
            MaxIterations = iterations,
            RelativeTolerance = preset.RelativeTolerance,
            RelativeWindow = preset.ToleranceWindow,
        });
        var report = progress is null ? null : new Reporter(progress, frame, pass, passes);
        var result = lbfgs.Optimize(x, objective.Evaluate, report, cancel);
        progress?.Report(new RenderProgress(frame, pass, passes, result.Iterations, iterations, result.FinalLoss, true, result.Evaluations));
        using var noGrad = no_grad();
        return x.detach().clamp(0f, 1f); // the reference saves (and later warps) the clipped image
    }

    private StyleEnergyOptions EnergyOptions(double temporalWeight) => new()
    {
        ContentWeight = preset.ContentWeight,
        StyleWeight = preset.StyleWeight,
        TemporalWeight = independent ? 0 : temporalWeight,
        CoherenceWeight = independent ? 0 : preset.CoherenceWeight,
        TotalVariationWeight = preset.TotalVariationWeight,
        StyleScale = preset.StyleScale,
    };

    /// <summary>Relays optimizer iterations as render progress, synchronously on the optimizing thread.</summary>
    private sealed class Reporter(IProgress<RenderProgress> progress, int frame, int pass, int passes) : IProgress<OptimizationProgress>
    {
        public void Report(OptimizationProgress value) =>
            progress.Report(new RenderProgress(frame, pass, passes, value.Iteration, value.MaxIterations, value.Loss, false));
    }
}
