using StyleFarm.Grains.Artifacts;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Tasks;
using StyleFarm.Kernels.Style;
using StyleFarm.Kernels.Stylize;
using StyleFarm.Kernels.Temporal;
using TorchSharp;
using StyleFarm.Silo.Worker;
using static TorchSharp.torch;

namespace StyleFarm.Silo.Execution;

/// <summary>
/// Pass p of one segment (DESIGN.md step 4, ALGORITHMS.md §4): the frames of <see cref="SweepPlan"/>, run by the
/// Kernels' <see cref="PassSweep"/> (each frame by <see cref="FrameStylizer"/>):
/// <list type="bullet">
/// <item>one-pass job: a forward sweep over the core, the first frame from the content, every later one
/// from the warped previous output with the short- and long-term temporal loss (§2–3); the independent
/// baseline stylizes every frame on its own;</item>
/// <item>pass 1 of a multi-pass job: every core frame on its own from the content;</item>
/// <item>pass p ≥ 2: each frame from the eq. 13–14 blend of its pass p − 1 result (read from the
/// artifact store: for halo frames, the neighbouring segment's, the boundary condition) and the previous
/// frame of this sweep warped onto it, with the temporal loss from the preset's temporal-from-pass. The
/// sweep's first frame has no previous frame in this sweep, but unless it starts a shot it has one in the
/// film: that frame's pass p − 1 result stands in for it (the same boundary condition the halo uses), so
/// the sweep enters the segment continuing its upstream neighbour instead of starting cold (at the shot's edge
/// <see cref="PassSweep"/> blends it with the next frame's pass p − 1 result instead). Measured on a
/// 3-segment, 3-pass test job this took the seam ratio of the last pass from 1.39 to 1.07 (1.14 since the
/// noise init became SeededNoise; EmbeddedFarmTests prints it).</item>
/// </list>
/// Content frames are the job's <see cref="JobContent"/> (colour-matched, each with its own style targets, when
/// the job matches colours). Flows and weights come from the silo's flow cache (fetched from the store when
/// this silo did not compute them). Core frames are committed as pass p artifacts (<see cref="SegmentFrames"/>)
/// as they are finished, and the sweep continues from their stored values; a re-run of the task (after a
/// crash, a lost lease or a resumed job) skips the frames already committed and continues after them with
/// the same bytes an uninterrupted run writes. A network job's tasks run <see cref="NetworkStylizeExecutor"/> instead.
/// </summary>
public sealed class StylizeExecutor : ITaskExecutor
{
    private readonly ExecutionServices _services;
    private readonly StyleModels _models;
    private readonly FrameArtifacts _frames;
    private readonly NetworkStylizeExecutor _network;

    /// <summary>Stylizes with <paramref name="models"/> on the services' device, reading and writing through <paramref name="services"/>.</summary>
    public StylizeExecutor(ExecutionServices services, StyleModels models)
    {
        _services = services;
        _models = models;
        _frames = new FrameArtifacts(services.Artifacts);
        _network = new NetworkStylizeExecutor(services, models);
    }

    /// <inheritdoc />
    public TaskKind Kind => TaskKind.Stylize;

    /// <inheritdoc />
    public async Task<TaskOutcome> ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var job = context.Job;
        JobPaths.Check(_services, job.Spec);
        if (job.Spec.Method == StylizationMethod.Network) return await _network.ExecuteAsync(context, cancellationToken).ConfigureAwait(false);
        var plan = context.Plan;
        var segment = context.Segment;
        var spec = context.Task.Spec;
        var settings = JobSettings.Resolve(job.Spec);
        var preset = settings.Preset;
        var device = _services.TorchDevice;
        var chained = new PassSchedule(job.Spec.Passes).Chains(spec.Pass);
        var order = SweepPlan.Frames(segment, spec.Direction, job.Spec.Passes, chained);
        var shotSegments = TaskGraphBuilder.Segments(job.Spec, plan)[segment.Shot];
        await _services.Cache.EnsureSegmentAsync(job.Id, segment, _services.Artifacts, cancellationToken).ConfigureAwait(false);
        var content = await JobContent.ReadAsync(_services, job, plan, settings, segment.Shot, new FrameRange(order.Min(), order.Max() + 1), cancellationToken)
            .ConfigureAwait(false);
        var network = _models.Network(preset.Seed);
        using var styles = new FrameStyles(_models, content, content.MatchesColors ? null : _models.Targets(job.Id, StyleImages.Single(job.Spec), plan.Width, plan.Height, preset),
            plan.Width, plan.Height, preset);
        using var flows = new StoredFlows(_services.Cache, job.Id, segment, device);
        var frames = new SegmentFrames(_frames, job.Id, segment, shotSegments, device);
        var sweep = new PassSweep(new FrameStylizer(network, preset, settings.Independent), frames,
            flows, i => FrameTensors.ToTensor(content[i], device), styles.Of, context.Progress);
        var pass = spec.Pass;
        var iterations = plan.IterationsPerPass[pass - 1];
        if (job.Spec.Passes == 1) await sweep.SequentialAsync(order, iterations, cancellationToken).ConfigureAwait(false);
        else if (pass == 1) await sweep.IndependentAsync(order, job.Spec.Passes, iterations, cancellationToken).ConfigureAwait(false);
        else
            await sweep.BlendedAsync(pass, job.Spec.Passes, order, segment.Core.Contains, iterations,
                (frame, upstream, cancel) => UpstreamAsync(job.Id, frames, chained ? pass : pass - 1, frame, upstream, shotSegments, cancel), cancellationToken,
                chained && EntersFromUpstream(segment, shotSegments, spec.Direction) ? order.Count : 0).ConfigureAwait(false);
        return TaskOutcome.ArtifactsOnly;
    }

    /// <summary>Whether a sweep in <paramref name="direction"/> enters <paramref name="segment"/> from a neighbour's frames (not at a shot's edge; halo &gt; 0).</summary>
    private static bool EntersFromUpstream(Segment segment, IReadOnlyList<Segment> shotSegments, PassDirection direction) =>
        (direction == PassDirection.Backward ? segment.HaloAfter : segment.HaloBefore) > 0
        && (direction == PassDirection.Backward ? segment.Index < shotSegments.Count - 1 : segment.Index > 0);

    /// <summary>
    /// The boundary condition of the sweep's first frame <paramref name="frame"/>: its upstream neighbour
    /// <paramref name="upstream"/>'s result of pass <paramref name="pass"/>, warped onto the frame with the flow its
    /// owner's flow task computed, so the frame starts from the eq. 13–14 blend like every other one instead of starting
    /// cold like a shot's first frame. In a Jacobi pass the neighbour's segment has not swept this pass yet (all segments
    /// of a pass run at once) and its pass p − 1 result stands in; a chained last pass reads the neighbour's finished
    /// frame of the same pass. Null at a shot's edge, or with a halo of 0 (no flow joins the two).
    /// </summary>
    private async Task<(Tensor Warped, Tensor Weights)?> UpstreamAsync(JobId job, SegmentFrames frames, int pass, int frame, int upstream,
        IReadOnlyList<Segment> shotSegments, CancellationToken cancel)
    {
        if (upstream < shotSegments[0].Core.Start || upstream >= shotSegments[^1].Core.End) return null;
        var owner = SegmentPlanner.OwnerOf(shotSegments, upstream);
        if (!owner.Halo.Contains(frame)) return null;
        using var image = await frames.LoadAsync(pass, upstream, cancel).ConfigureAwait(false);
        var flowPath = await _services.Cache.GetAsync(ArtifactKey.Flow(job, owner, frame, upstream), _services.Artifacts, cancel).ConfigureAwait(false);
        var weightsPath = await _services.Cache.GetAsync(ArtifactKey.Weights(job, owner, upstream, frame), _services.Artifacts, cancel).ConfigureAwait(false);
        var device = _services.TorchDevice;
        using var scope = NewDisposeScope();
        // Edge pixels where the flow leaves the frame, as every multi-pass warp.
        var warped = Warping.Warp(image, FlowFiles.ReadFlow(flowPath, device), GridSamplePaddingMode.Border);
        var weights = FlowFiles.ReadWeights(weightsPath, device);
        return (warped.DetachFromDisposeScope(), weights.DetachFromDisposeScope());
    }

    /// <summary>
    /// The style targets of each frame: the job's (kept by <see cref="StyleModels"/>), or with colour matching
    /// the targets of the frame's own matched style image, computed when the frame comes and kept until the next
    /// (a sweep asks for its frames in order, each once).
    /// </summary>
    private sealed class FrameStyles(StyleModels models, JobContent content, StyleTargets? job, int width, int height, StylePreset preset) : IDisposable
    {
        private (int Frame, StyleTargets Targets)? _current;

        public StyleTargets Of(int frame)
        {
            if (job is not null) return job;
            if (_current is { } c && c.Frame == frame) return c.Targets;
            _current?.Targets.Dispose();
            _current = null;
            var targets = models.Compute(content.StyleOf(frame), width, height, preset);
            _current = (frame, targets);
            return targets;
        }

        public void Dispose() => _current?.Targets.Dispose();
    }
}
