using StyleFarm.Kernels.Flow;
using StyleFarm.Kernels.Optim;
using StyleFarm.Kernels.Style;
using StyleFarm.Kernels.Temporal;
using StyleFarm.Kernels.Torch;
using static StyleFarm.Kernels.Torch.torch;

namespace StyleFarm.Kernels.Stylize;

/// <summary>
/// Stylizes one shot by optimisation (Gatys et al. with Ruder et al.'s temporal losses): a sequential
/// pass (init from the warped previous frame, short- and long-term temporal loss, §2–3), or the
/// multi-pass algorithm (§4: an independent first pass, then sweeps alternating forward and backward,
/// each initialised with the blend of eq. 13–14). Each finished frame goes to the workspace before the
/// next starts, so a stopped render resumes where it stopped.
/// </summary>
public sealed class ShotStylizer(FeatureNetwork network, StylePreset preset, bool independent, IOpticalFlow flow, Device device)
{
    /// <summary>The pass whose frames are the shot's output.</summary>
    public int FinalPass => independent ? 1 : preset.Passes;

    public void Render(ShotInput shot, RenderWorkspace workspace, IProgress<RenderProgress>? progress, CancellationToken cancel)
    {
        using var flows = new ShotFlows(shot.Frames, flow, ConsistencyOptions.Paper, device);
        if (independent || preset.Passes == 1) SinglePass(shot, workspace, flows, progress, cancel);
        else MultiPass(shot, workspace, flows, progress, cancel);
    }

    private void SinglePass(ShotInput shot, RenderWorkspace workspace, ShotFlows flows, IProgress<RenderProgress>? progress, CancellationToken cancel)
    {
        var offsets = preset.LongTermOffsets.Order().ToArray();
        var outputs = new Dictionary<int, Tensor>(); // shot-relative frame → stylized image, kept for the largest offset
        try
        {
            for (var i = 0; i < shot.Frames.Count; i++)
            {
                var frame = shot.FirstFrame + i;
                if (workspace.Has(1, frame))
                {
                    outputs[i] = workspace.Load(1, frame, device);
                    progress?.Report(new RenderProgress(frame, 1, 1, 0, 0, double.NaN, true));
                }
                else
                {
                    outputs[i] = StylizeSequential(shot, i, offsets, outputs, flows, progress, cancel);
                    workspace.Save(1, frame, outputs[i]);
                }
                foreach (var old in outputs.Keys.Where(k => k <= i - offsets[^1]).ToList())
                {
                    outputs[old].Dispose();
                    outputs.Remove(old);
                }
                flows.ForgetBefore(i + 1);
            }
        }
        finally
        {
            foreach (var t in outputs.Values) t.Dispose();
        }
    }

    private Tensor StylizeSequential(ShotInput shot, int i, int[] offsets, Dictionary<int, Tensor> outputs, ShotFlows flows,
        IProgress<RenderProgress>? progress, CancellationToken cancel)
    {
        using var scope = NewDisposeScope();
        var p = FrameTensors.ToTensor(shot.Frames[i], device);
        var temporal = new List<TemporalReference>();
        CoherenceReference? coherence = null;
        Tensor init;
        var frame = shot.FirstFrame + i;
        if (independent) init = Noise(p, frame);                  // the baseline: every frame on its own
        else if (i == 0) init = preset.FirstFrameInit == FirstFrameInit.Content ? p.clone() : Noise(p, frame); // every shot starts afresh
        else
        {
            init = flows.WarpOnto(outputs[i - 1], i, i - 1);      // §2: start from the warped previous frame
            var shortTerm = flows.Weights(i, i - 1);
            if (shortTerm.ge(0.5f).to_type(ScalarType.Float32).mean().item<float>() < preset.CoherenceFallbackBelow)
                coherence = new CoherenceReference(outputs[i - 1], FrameTensors.ToTensor(shot.Frames[i - 1], device)); // Wang et al.
            else
            {
                var plain = offsets.Where(j => i - j >= 0).Select(j => (j, flows.Weights(i, i - j))).ToList();
                foreach (var (j, c) in LongTermWeights.Compute(plain))  // eq. 12: c_long
                    temporal.Add(new TemporalReference(j == 1 ? init : flows.WarpOnto(outputs[i - j], i, i - j), c));
            }
        }
        var options = EnergyOptions(preset.TemporalWeight);
        using var objective = new FrameObjective(network, shot.StyleFor(i), p, options, temporal, coherence);
        // Every independent frame starts from noise, like a shot's first frame, and gets its iterations: with a later
        // frame's budget (meant for a warm start) the baseline would stop as a nearly flat image.
        var iterations = independent ? preset.FirstFrameIterations : preset.IterationsFor(i);
        return Optimize(objective, init, frame, 1, 1, iterations, progress, cancel)
            .MoveToOuterDisposeScope();
    }

    private void MultiPass(ShotInput shot, RenderWorkspace workspace, ShotFlows flows, IProgress<RenderProgress>? progress, CancellationToken cancel)
    {
        var n = shot.Frames.Count;
        for (var pass = 1; pass <= preset.Passes; pass++)
        {
            var forward = pass % 2 == 0; // pass 1 independent, then forward, backward, … (§4)
            for (var k = 0; k < n; k++)
            {
                var i = pass == 1 || forward ? k : n - 1 - k;
                var frame = shot.FirstFrame + i;
                if (workspace.Has(pass, frame))
                {
                    progress?.Report(new RenderProgress(frame, pass, preset.Passes, 0, 0, double.NaN, true));
                    continue;
                }
                using var scope = NewDisposeScope();
                var p = FrameTensors.ToTensor(shot.Frames[i], device);
                var temporal = new List<TemporalReference>();
                Tensor init;
                if (pass == 1) init = preset.FirstFrameInit == FirstFrameInit.Content ? p.clone() : Noise(p, frame);
                else
                {
                    var previousPass = workspace.Load(pass - 1, frame, device);
                    var neighbour = forward ? i - 1 : i + 1;
                    if (k == 0) init = previousPass;
                    else
                    {
                        // Edge pixels, not the mean colour, where the flow leaves the frame: as the reference's multi-pass warps.
                        var warped = flows.Warp(workspace.Load(pass, shot.FirstFrame + neighbour, device), i, neighbour);
                        var wc = flows.Weights(i, neighbour) * (float)preset.BlendWeight;
                        init = (previousPass + wc * warped) / (1f + wc); // eq. 13–14 as the reference blends
                        if (pass >= preset.TemporalFromPass) temporal.Add(new TemporalReference(warped, flows.Weights(i, neighbour)));
                    }
                }
                using var objective = new FrameObjective(network, shot.StyleFor(i), p, EnergyOptions(preset.MultiPassTemporalWeight), temporal);
                var x = Optimize(objective, init, frame, pass, preset.Passes, preset.IterationsPerPass, progress, cancel);
                workspace.Save(pass, frame, x);
            }
        }
    }

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
        progress?.Report(new RenderProgress(frame, pass, passes, result.Iterations, iterations, result.FinalLoss, true));
        using var noGrad = no_grad();
        return x.detach().clamp(0f, 1f); // the reference saves (and later warps) the clipped image
    }

    /// <summary>
    /// The reference's random init: the mean pixel plus Gaussian noise × 0.001 (neural-style works around the mean),
    /// drawn after seeding with the preset's seed and the absolute frame number, so that a frame's noise does not
    /// depend on which frames were drawn before it: a resumed render draws what an uninterrupted one did.
    /// </summary>
    private Tensor Noise(Tensor p, int frame)
    {
        manual_seed(unchecked(preset.Seed * 1_000_003L + frame));
        var mean = tensor([0.485f, 0.456f, 0.406f], [1, 3, 1, 1], device: device);
        return randn_like(p) * 0.001f + mean;
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
