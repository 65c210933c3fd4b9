using StyleFarm.Kernels.Style;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Stylize;

/// <summary>
/// Runs one pass of the optimisation stylizer over an ordered run of frames (ALGORITHMS.md §2–4), each
/// frame by <see cref="FrameStylizer"/>: the farm's stylize task runs one per segment and pass, and the
/// quality tests run them over a whole shot. Every frame the sweep owns is committed to its
/// <see cref="ISweepFrames"/> before the next one starts, and the sweep goes on from the committed value
/// (not the unrounded result), so a sweep that is stopped and started again skips the frames already
/// committed and continues from exactly what an uninterrupted sweep would have used: the same bytes
/// either way.
/// </summary>
/// <param name="stylizer">Optimises each frame.</param>
/// <param name="frames">Where finished frames go and earlier passes come from.</param>
/// <param name="flows">Warps and consistency weights between the sweep's frames.</param>
/// <param name="content">The content image [1,3,H,W] of a frame, on the stylizer's device; the caller of the delegate owns it.</param>
/// <param name="style">The style targets of a frame; owned by whoever supplies them.</param>
/// <param name="progress">Receives the optimizer's iterations and finished frames (frames taken from an earlier attempt with a NaN loss).</param>
public sealed class PassSweep(FrameStylizer stylizer, ISweepFrames frames, IFrameFlows flows, Func<int, Tensor> content,
    Func<int, StyleTargets> style, IProgress<RenderProgress>? progress)
{
    /// <summary>
    /// How steeply a chained sweep's ramp starts: the k-th of its m frames takes RampFactor·(m − k) times the eq. 13–14 blend
    /// weight and the eq. 8 temporal weight (at least 1×). 2: the seam frame's init is 8/9 the upstream neighbour's warped
    /// frame at m = 4. Seam ratio of a 4-pass preview farm job, 8 segments of 4 frames, 2 iterations per pass
    /// (bench/quality.sh, 32 frames): ramping the blend only, 1.61 at 1, 2.63 at 2, 2.47 at 3 (a flat 4: 2.00); ramping the
    /// temporal weight with it, 0.81 at 2 (1.41 with its square root).
    /// </summary>
    public const int RampFactor = 2;

    /// <summary>
    /// A sweep's first frame at a shot's edge starts from EdgeBlendFactor times the eq. 13–14 blend weight toward the next
    /// frame's previous pass, without a temporal term toward that stale frame. First pair ÷ the other pairs' mean, 8-frame pan,
    /// 3 iterations per pass, 3 / 4 passes (ShotStartPairTests): 1.92 / 3.28 unblended, 1.27 / 1.49 at 1, 1.06 / 0.96 at 3; with
    /// the temporal term as well, a pan-and-zoom's earlier borders showed (4-pass E_grad 1.28 against 1.04, BorderGradientTests).
    /// </summary>
    public const int EdgeBlendFactor = 3;

    /// <summary>
    /// The boundary condition of a sweep's first frame <paramref name="frame"/>: its upstream neighbour
    /// <paramref name="upstream"/>'s previous-pass result warped onto it and the weights of that warp, or
    /// null when there is none (a shot's edge). The caller of the delegate owns the tensors.
    /// </summary>
    public delegate Task<(Tensor Warped, Tensor Weights)?> Boundary(int frame, int upstream, CancellationToken cancellationToken);

    /// <summary>
    /// The single-pass algorithm (§2–3), a forward sweep over <paramref name="order"/> (ascending, consecutive)
    /// that starts afresh at its first frame, committed as pass 1. The first frame (and, for the independent
    /// baseline, every frame) runs the preset's first-frame iterations, the others <paramref name="frameIterations"/>.
    /// </summary>
    public async Task SequentialAsync(IReadOnlyList<int> order, int frameIterations, CancellationToken cancel)
    {
        var preset = stylizer.Preset;
        var start = order[0];
        var reach = preset.LongTermOffsets.Max();
        var outputs = new Dictionary<int, Tensor>();
        try
        {
            var done = await CommittedAsync(1, order, _ => true, cancel).ConfigureAwait(false);
            // The frames the next one reaches back to, read back as an uninterrupted sweep keeps them.
            for (var k = Math.Max(0, done - reach); k < done; k++)
                outputs[order[k]] = await frames.LoadAsync(1, order[k], cancel).ConfigureAwait(false);
            Resumed(order.Take(done), 1, 1);
            for (var k = done; k < order.Count; k++)
            {
                var i = order[k];
                // Independent frames start from noise like a shot's first frame, so they get its iterations too.
                var iterations = stylizer.Independent || i == start ? preset.FirstFrameIterations : frameIterations;
                using (var x = await OnComputeThread(() =>
                {
                    var p = content(i);
                    return stylizer.Sequential(p, style(i), i, start, outputs, flows, content, () => FirstInit(p, 1, i), i, iterations, progress, cancel);
                }, cancel).ConfigureAwait(false))
                {
                    outputs[i] = await frames.CommitAsync(1, i, x, cancel).ConfigureAwait(false);
                }
                foreach (var old in outputs.Keys.Where(f => f <= i - reach).ToList())
                {
                    outputs[old].Dispose();
                    outputs.Remove(old);
                }
                flows.Forget((a, b) => Math.Max(a, b) <= i);
            }
        }
        finally
        {
            foreach (var t in outputs.Values) t.Dispose();
        }
    }

    /// <summary>Pass 1 of the multi-pass algorithm (§4): every frame of <paramref name="order"/> on its own, from the content or seeded noise.</summary>
    public async Task IndependentAsync(IReadOnlyList<int> order, int passes, int iterations, CancellationToken cancel)
    {
        var done = await CommittedAsync(1, order, _ => true, cancel).ConfigureAwait(false);
        Resumed(order.Take(done), 1, passes);
        foreach (var i in order.Skip(done))
        {
            using var x = await OnComputeThread(() =>
            {
                var p = content(i);
                return stylizer.PassFrame(p, style(i), 1, passes, FirstInit(p, 1, i), null, null, i, iterations, progress, cancel);
            }, cancel).ConfigureAwait(false);
            (await frames.CommitAsync(1, i, x, cancel).ConfigureAwait(false)).Dispose();
        }
    }

    /// <summary>
    /// Pass <paramref name="pass"/> ≥ 2 of the multi-pass algorithm (§4): each frame of <paramref name="order"/>
    /// (ascending for a forward pass, descending for a backward one) from the eq. 13–14 blend of its pass p − 1
    /// result and the previous frame of this sweep warped onto it. The sweep's first frame takes
    /// <paramref name="boundary"/>'s stand-in for that previous frame when there is one, and otherwise (a shot's edge) starts
    /// from the blend with the next frame's pass p − 1 result warped onto it, its only neighbour (<see cref="EdgeBlendFactor"/>). Only the frames
    /// <paramref name="owns"/> accepts are committed; the others (a halo) only carry the sweep into them.
    /// With <paramref name="ramp"/> m &gt; 0 (a chained sweep entering from its upstream neighbour's finished frame), the
    /// k-th frame's blend weight and temporal weight are scaled by <see cref="RampFactor"/>·(m − k) (at least 1): where the
    /// eq. 13–14 weight of 1 would keep half of the mismatch the previous pass left at the seam in the seam's one frame pair,
    /// the ramp hands the sweep over from the neighbour's frames to this segment's own previous pass over its m frames.
    /// </summary>
    public async Task BlendedAsync(int pass, int passes, IReadOnlyList<int> order, Func<int, bool> owns, int iterations, Boundary? boundary,
        CancellationToken cancel, int ramp = 0)
    {
        var forward = order.Count < 2 || order[1] > order[0];
        var done = await CommittedAsync(pass, order, owns, cancel).ConfigureAwait(false);
        // Resumed: the sweep goes on from its last committed frame, as stored.
        Tensor? previous = done > 0 ? await frames.LoadAsync(pass, order[done - 1], cancel).ConfigureAwait(false) : null;
        var previousFrame = done > 0 ? order[done - 1] : -1;
        Resumed(order.Take(done), pass, passes);
        try
        {
            foreach (var (k, i) in order.Index().Skip(done))
            {
                // Twice the even ramp, on the blend (eq. 13–14) and the temporal weight (eq. 8): a segment whose own previous pass is
                // far ahead of its upstream neighbour's (at 2 iterations per pass) catches up over m frames, not in the seam pair.
                var rampScale = Math.Max(1, RampFactor * (ramp - k));
                using var earlier = await frames.LoadAsync(pass - 1, i, cancel).ConfigureAwait(false);
                var neighbour = previous;
                var neighbourFrame = previousFrame;
                var upstream = neighbour is null && boundary is not null
                    ? await boundary(i, forward ? i - 1 : i + 1, cancel).ConfigureAwait(false)
                    : null;
                // No frame before it (a shot's edge, or halo 0): start from the eq. 13–14 blend with the next frame's pass p − 1 result, as unblended it drifted alone each pass (shot's first pair 2–3× the others).
                var next = neighbour is null && upstream is null && k + 1 < order.Count ? order[k + 1] : -1;
                using var ahead = next >= 0 ? await frames.LoadAsync(pass - 1, next, cancel).ConfigureAwait(false) : null;
                Tensor x;
                try
                {
                    x = await OnComputeThread(() =>
                    {
                        var p = content(i);
                        // Edge pixels where the flow leaves the frame, as the reference's multi-pass warps.
                        var (source, sourceFrame) = neighbour is not null ? (neighbour, neighbourFrame) : (ahead, next);
                        var warped = source is null ? upstream?.Warped : flows.Warp(source, i, sourceFrame);
                        var weights = source is null ? upstream?.Weights : flows.Weights(i, sourceFrame);
                        return stylizer.PassFrame(p, style(i), pass, passes, earlier, warped, weights, i, iterations, progress, cancel,
                            ahead is null ? rampScale : EdgeBlendFactor, holdToNeighbour: ahead is null);
                    }, cancel).ConfigureAwait(false);
                }
                finally
                {
                    upstream?.Warped.Dispose();
                    upstream?.Weights.Dispose();
                }
                if (owns(i))
                {
                    using var computed = x;
                    x = await frames.CommitAsync(pass, i, computed, cancel).ConfigureAwait(false);
                }
                previous?.Dispose();
                previous = x;
                previousFrame = i;
                flows.Forget((a, b) => forward ? Math.Max(a, b) <= i - 1 : Math.Min(a, b) >= i + 1);
            }
        }
        finally
        {
            previous?.Dispose();
        }
    }

    /// <summary>
    /// How many frames of <paramref name="order"/> an earlier attempt finished: up to its last committed owned
    /// frame, counting on while owned frames are committed (a sweep commits in order, so they form a prefix).
    /// </summary>
    private async Task<int> CommittedAsync(int pass, IReadOnlyList<int> order, Func<int, bool> owns, CancellationToken cancel)
    {
        var done = 0;
        for (var k = 0; k < order.Count; k++)
        {
            if (!owns(order[k])) continue;
            if (!await frames.IsCommittedAsync(pass, order[k], cancel).ConfigureAwait(false)) break;
            done = k + 1;
        }
        return done;
    }

    private void Resumed(IEnumerable<int> skipped, int pass, int passes)
    {
        foreach (var frame in skipped) progress?.Report(new RenderProgress(frame, pass, passes, 0, 0, double.NaN, true));
    }

    // The first frame of a sweep starts from the content (the presets' choice) or from seeded noise.
    private Tensor FirstInit(Tensor p, int pass, int frame) =>
        stylizer.Preset.FirstFrameInit == FirstFrameInit.Content ? p.clone() : SeededNoise.Like(p, stylizer.Preset.Seed, pass, frame);

    // One frame's tensors live in one dispose scope, which belongs to the thread that computes them; off the
    // caller's thread also keeps a lease heartbeat's timer free.
    private static Task<Tensor> OnComputeThread(Func<Tensor> compute, CancellationToken cancel) =>
        Task.Run(() =>
        {
            using var scope = NewDisposeScope();
            return compute().DetachFromDisposeScope();
        }, cancel);
}
