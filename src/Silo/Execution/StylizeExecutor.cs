using StyleFarm.Grains.Artifacts;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Tasks;
using StyleFarm.Kernels.Imaging;
using StyleFarm.Kernels.Style;
using StyleFarm.Kernels.Stylize;
using StyleFarm.Kernels.Temporal;
using StyleFarm.Kernels.Torch;
using StyleFarm.Silo.Worker;
using static StyleFarm.Kernels.Torch.torch;

namespace StyleFarm.Silo.Execution;

/// <summary>
/// Pass p of one segment (DESIGN.md step 4, ALGORITHMS.md §4), the frames of <see cref="SweepPlan"/>,
/// each optimised by the same <see cref="FrameStylizer"/> the one-machine renderer uses:
/// <list type="bullet">
/// <item>one-pass job: a forward sweep over the core, the first frame from the content, every later one
/// from the warped previous output with the short- and long-term temporal loss (§2–3);</item>
/// <item>pass 1 of a multi-pass job: every core frame on its own from the content;</item>
/// <item>pass p ≥ 2: each frame from the eq. 13–14 blend of its pass p − 1 result (read from the
/// artifact store: for halo frames, the neighbouring segment's, the boundary condition) and the previous
/// frame of this sweep warped onto it, with the temporal loss from the preset's temporal-from-pass. The
/// sweep's first frame has no previous frame in this sweep, but unless it starts a shot it has one in the
/// film: that frame's pass p − 1 result stands in for it (the same boundary condition the halo uses), so
/// the sweep enters the segment continuing its upstream neighbour instead of starting cold. Measured on a
/// 3-segment, 3-pass test job this took the seam ratio of the last pass from 1.39 to 1.07.</item>
/// </list>
/// Flows and weights come from the silo's flow cache (fetched from the store when this silo did not
/// compute them). Core frames are committed as pass p artifacts (<see cref="FrameArtifacts"/>) as they
/// are finished; a re-run rewrites them with the same bytes.
/// </summary>
public sealed class StylizeExecutor : ITaskExecutor
{
    private readonly ExecutionServices _services;
    private readonly StyleModels _models;
    private readonly FrameArtifacts _frames;

    /// <summary>Stylizes with <paramref name="models"/> on the services' device, reading and writing through <paramref name="services"/>.</summary>
    public StylizeExecutor(ExecutionServices services, StyleModels models)
    {
        _services = services;
        _models = models;
        _frames = new FrameArtifacts(services.Artifacts);
    }

    /// <inheritdoc />
    public TaskKind Kind => TaskKind.Stylize;

    /// <inheritdoc />
    public async Task<TaskOutcome> ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var job = context.Job;
        var plan = context.Plan;
        var segment = context.Segment;
        var spec = context.Task.Spec;
        var preset = JobSettings.Resolve(job.Spec).Preset;
        var sweep = SweepPlan.Frames(segment, spec.Direction, job.Spec.Passes);
        await _services.Cache.EnsureSegmentAsync(job.Id, segment, _services.Artifacts, cancellationToken).ConfigureAwait(false);
        var first = sweep.Min();
        var content = await ContentFrames.ReadAsync(job.Spec.Input, plan, new FrameRange(first, sweep.Max() + 1), cancellationToken).ConfigureAwait(false);
        var network = _models.Network(preset.Seed);
        var style = _models.Targets(job.Id, StyleImages.Single(job.Spec), plan.Width, plan.Height, preset);
        var run = new Sweep(_services, _frames, context, preset, new FrameStylizer(network, preset, independent: false),
            style, i => content[i - first], sweep);
        using var flows = new StoredFlows(_services.Cache, job.Id, segment, _services.TorchDevice);
        if (job.Spec.Passes == 1) await run.SequentialAsync(flows, cancellationToken).ConfigureAwait(false);
        else if (spec.Pass == 1) await run.IndependentAsync(cancellationToken).ConfigureAwait(false);
        else await run.BlendedAsync(flows, TaskGraphBuilder.Segments(job.Spec, plan)[segment.Shot], cancellationToken).ConfigureAwait(false);
        return TaskOutcome.ArtifactsOnly;
    }

    /// <summary>One task's sweep: its frames, in order, with what every frame needs.</summary>
    private sealed class Sweep
    {
        private readonly FrameArtifacts _artifacts;
        private readonly FlowCache _cache;
        private readonly IArtifactStore _store;
        private readonly Device _device;
        private readonly TaskContext _context;
        private readonly StylePreset _preset;
        private readonly FrameStylizer _stylizer;
        private readonly StyleTargets _style;
        private readonly Func<int, RgbFrame> _content;
        private readonly IReadOnlyList<int> _order;
        private readonly JobId _job;
        private readonly Segment _segment;
        private readonly int _pass;
        private readonly int _passes;
        private readonly int _iterations;

        public Sweep(ExecutionServices services, FrameArtifacts artifacts, TaskContext context, StylePreset preset, FrameStylizer stylizer,
            StyleTargets style, Func<int, RgbFrame> content, IReadOnlyList<int> order)
        {
            _artifacts = artifacts;
            _cache = services.Cache;
            _store = services.Artifacts;
            _device = services.TorchDevice;
            _context = context;
            _preset = preset;
            _stylizer = stylizer;
            _style = style;
            _content = content;
            _order = order;
            _job = context.Job.Id;
            _segment = context.Segment;
            _pass = context.Task.Spec.Pass;
            _passes = context.Job.Spec.Passes;
            _iterations = context.Plan.IterationsPerPass[_pass - 1];
        }

        // §2–3: a forward sweep over the core that starts afresh (the one-pass job has no boundary condition).
        public async Task SequentialAsync(StoredFlows flows, CancellationToken cancel)
        {
            var start = _order[0];
            var reach = _preset.LongTermOffsets.Max();
            var outputs = new Dictionary<int, Tensor>();
            try
            {
                foreach (var i in _order)
                {
                    var iterations = i == start ? _preset.FirstFrameIterations : _iterations;
                    var x = await OnComputeThread(() =>
                    {
                        var p = Content(i);
                        return _stylizer.Sequential(p, _style, i, start, outputs, flows, Content,
                            () => FirstInit(p, i), i, iterations, _context.Progress, cancel);
                    }, cancel).ConfigureAwait(false);
                    outputs[i] = x;
                    await Commit(i, x, cancel).ConfigureAwait(false);
                    foreach (var old in outputs.Keys.Where(k => k <= i - reach).ToList())
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

        // §4, pass 1: every frame on its own.
        public async Task IndependentAsync(CancellationToken cancel)
        {
            foreach (var i in _order)
            {
                using var x = await OnComputeThread(() =>
                {
                    var p = Content(i);
                    return _stylizer.PassFrame(p, _style, 1, _passes, FirstInit(p, i), null, null, i, _iterations, _context.Progress, cancel);
                }, cancel).ConfigureAwait(false);
                await Commit(i, x, cancel).ConfigureAwait(false);
            }
        }

        // §4, pass p ≥ 2: eq. 13–14 blends of pass p − 1 (the neighbours' results in the halo) and this sweep's previous frame.
        public async Task BlendedAsync(StoredFlows flows, IReadOnlyList<Segment> shotSegments, CancellationToken cancel)
        {
            var forward = _order.Count < 2 || _order[1] > _order[0];
            Tensor? previous = null;
            var previousFrame = -1;
            try
            {
                foreach (var i in _order)
                {
                    var owner = SegmentPlanner.OwnerOf(shotSegments, i);
                    var earlier = await _artifacts.ReadAsync(ArtifactKey.Frame(_job, owner, _pass - 1, i), cancel).ConfigureAwait(false);
                    var neighbour = previous;
                    var neighbourFrame = previousFrame;
                    var upstream = neighbour is null ? await UpstreamAsync(i, forward ? i - 1 : i + 1, shotSegments, cancel).ConfigureAwait(false) : null;
                    Tensor x;
                    try
                    {
                        x = await OnComputeThread(() =>
                        {
                            var p = Content(i);
                            var init = FrameArtifacts.ToTensor(earlier, _device);
                            var warped = neighbour is null ? upstream?.Warped : flows.Warp(neighbour, i, neighbourFrame); // edge pixels, as the reference's multi-pass
                            var weights = neighbour is null ? upstream?.Weights : flows.Weights(i, neighbourFrame);
                            return _stylizer.PassFrame(p, _style, _pass, _passes, init, warped, weights, i, _iterations, _context.Progress, cancel);
                        }, cancel).ConfigureAwait(false);
                    }
                    finally
                    {
                        upstream?.Warped.Dispose();
                        upstream?.Weights.Dispose();
                    }
                    if (_segment.Core.Contains(i)) await Commit(i, x, cancel).ConfigureAwait(false);
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
        /// The boundary condition of the sweep's first frame <paramref name="frame"/>: its upstream neighbour
        /// <paramref name="upstream"/> is in a segment this pass has not swept yet (all segments of a pass run at
        /// once), so its pass p − 1 result stands in for it, warped onto the frame with the flow its owner's flow
        /// task computed; the frame then starts from the eq. 13–14 blend like every other one instead of starting
        /// cold like a shot's first frame. Null at a shot's edge, or with a halo of 0 (no flow joins the two).
        /// </summary>
        private async Task<(Tensor Warped, Tensor Weights)?> UpstreamAsync(int frame, int upstream, IReadOnlyList<Segment> shotSegments,
            CancellationToken cancel)
        {
            if (upstream < shotSegments[0].Core.Start || upstream >= shotSegments[^1].Core.End) return null;
            var owner = SegmentPlanner.OwnerOf(shotSegments, upstream);
            if (!owner.Halo.Contains(frame)) return null;
            var image = await _artifacts.ReadAsync(ArtifactKey.Frame(_job, owner, _pass - 1, upstream), cancel).ConfigureAwait(false);
            var flowPath = await _cache.GetAsync(ArtifactKey.Flow(_job, owner, frame, upstream), _store, cancel).ConfigureAwait(false);
            var weightsPath = await _cache.GetAsync(ArtifactKey.Weights(_job, owner, upstream, frame), _store, cancel).ConfigureAwait(false);
            using var scope = NewDisposeScope();
            // Edge pixels where the flow leaves the frame, as every multi-pass warp.
            var warped = Warping.Warp(FrameArtifacts.ToTensor(image, _device), FlowFiles.ReadFlow(flowPath, _device), GridSamplePaddingMode.Border);
            var weights = FlowFiles.ReadWeights(weightsPath, _device);
            return (warped.DetachFromDisposeScope(), weights.DetachFromDisposeScope());
        }

        private Tensor Content(int frame) => FrameTensors.ToTensor(_content(frame), _device);

        // The first frame of a sweep starts from the content (the presets' choice) or from seeded noise.
        private Tensor FirstInit(Tensor p, int frame) =>
            _preset.FirstFrameInit == FirstFrameInit.Content ? p.clone() : SeededNoise.Like(p, _preset.Seed, _pass, frame);

        private Task Commit(int frame, Tensor x, CancellationToken cancel) =>
            _artifacts.WriteAsync(ArtifactKey.Frame(_job, _segment, _pass, frame), x, cancel);

        // One frame's tensors live in one dispose scope, which belongs to the thread that computes them.
        private static Task<Tensor> OnComputeThread(Func<Tensor> compute, CancellationToken cancel) =>
            Task.Run(() =>
            {
                using var scope = NewDisposeScope();
                return compute().DetachFromDisposeScope();
            }, cancel);
    }
}
