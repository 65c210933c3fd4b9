using StyleFarm.Kernels.Flow;
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
    private FrameStylizer? _frameStylizer;

    /// <summary>The pass whose frames are the shot's output.</summary>
    public int FinalPass => independent ? 1 : preset.Passes;

    // Made on first use: a field initializer would copy the parameters the methods below also capture.
    private FrameStylizer Frame => _frameStylizer ??= new FrameStylizer(network, preset, independent);

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
                    outputs[i] = StylizeSequential(shot, i, outputs, flows, progress, cancel);
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

    private Tensor StylizeSequential(ShotInput shot, int i, Dictionary<int, Tensor> outputs, ShotFlows flows,
        IProgress<RenderProgress>? progress, CancellationToken cancel)
    {
        using var scope = NewDisposeScope();
        var p = FrameTensors.ToTensor(shot.Frames[i], device);
        return Frame.Sequential(p, shot.StyleFor(i), i, 0, outputs, flows, j => FrameTensors.ToTensor(shot.Frames[j], device),
                () => preset.FirstFrameInit == FirstFrameInit.Content ? p.clone() : Frame.Noise(p, shot.FirstFrame + i),
                // Independent frames start from noise like a shot's first frame, so they get its iterations too.
                shot.FirstFrame + i, independent ? preset.FirstFrameIterations : preset.IterationsFor(i), progress, cancel)
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
                Tensor init;
                Tensor? warped = null, weights = null;
                if (pass == 1) init = preset.FirstFrameInit == FirstFrameInit.Content ? p.clone() : Frame.Noise(p, frame);
                else
                {
                    init = workspace.Load(pass - 1, frame, device);
                    var neighbour = forward ? i - 1 : i + 1;
                    if (k > 0)
                    {
                        // Edge pixels, not the mean colour, where the flow leaves the frame: as the reference's multi-pass warps.
                        warped = flows.Warp(workspace.Load(pass, shot.FirstFrame + neighbour, device), i, neighbour);
                        weights = flows.Weights(i, neighbour);
                    }
                }
                var x = Frame.PassFrame(p, shot.StyleFor(i), pass, preset.Passes, init, warped, weights, frame, preset.IterationsPerPass, progress, cancel);
                workspace.Save(pass, frame, x);
            }
        }
    }
}
