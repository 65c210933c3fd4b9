using StyleFarm.Grains.Artifacts;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Tasks;
using StyleFarm.Kernels.Imaging;
using StyleFarm.Kernels.Style;
using StyleFarm.Kernels.Stylize;
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
/// frame of this sweep warped onto it, with the temporal loss from the preset's temporal-from-pass.</item>
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
        var run = new Sweep(_frames, _services.TorchDevice, context, preset, new FrameStylizer(network, preset, independent: false, _services.TorchDevice),
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

        public Sweep(FrameArtifacts artifacts, Device device, TaskContext context, StylePreset preset, FrameStylizer stylizer,
            StyleTargets style, Func<int, RgbFrame> content, IReadOnlyList<int> order)
        {
            _artifacts = artifacts;
            _device = device;
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
                    var x = await OnComputeThread(() =>
                    {
                        var p = Content(i);
                        var init = FrameArtifacts.ToTensor(earlier, _device);
                        var warped = neighbour is null ? null : flows.WarpOnto(neighbour, i, neighbourFrame);
                        var weights = neighbour is null ? null : flows.Weights(i, neighbourFrame);
                        return _stylizer.PassFrame(p, _style, _pass, _passes, init, warped, weights, i, _iterations, _context.Progress, cancel);
                    }, cancel).ConfigureAwait(false);
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
