using StyleFarm.Grains.Artifacts;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Planning;
using StyleFarm.Kernels.Flow;
using StyleFarm.Kernels.Stylize;
using StyleFarm.Kernels.Temporal;
using static TorchSharp.torch;

namespace StyleFarm.Silo.Execution;

/// <summary>
/// Measures the temporal error (Table 2) of consecutive output frames of one job and sorts each pair into
/// <see cref="FramePairKind.Inside"/> or <see cref="FramePairKind.Seam"/>: frame t warped back onto frame
/// t − 1 with the flow t − 1 → t, squared error against frame t − 1 weighted by the consistency weights of
/// that warp (the flow's own visibility estimate), averaged over the weights. Flows and weights are the ones
/// the flow tasks committed (from the silo's cache, fetched when missing); a seam pair outside every
/// segment's halo range (halo 0) gets its flow computed here the same way. Pairs without a single
/// visible pixel have no defined error and are counted in <see cref="Skipped"/>.
/// </summary>
public sealed class SeamErrorMeter
{
    private readonly ExecutionServices _services;
    private readonly Job _job;
    private readonly JobPlan _plan;
    private readonly IReadOnlyList<IReadOnlyList<Segment>> _segments;
    private readonly List<(FramePairKind, double)> _pairs = [];
    private readonly List<FramePairError> _frames = [];

    /// <summary>A meter for the output of <paramref name="job"/>, planned as <paramref name="plan"/>.</summary>
    public SeamErrorMeter(ExecutionServices services, Job job, JobPlan plan)
    {
        _services = services;
        _job = job;
        _plan = plan;
        _segments = TaskGraphBuilder.Segments(job.Spec, plan);
    }

    /// <summary>Pairs that had no visible pixel.</summary>
    public int Skipped { get; private set; }

    /// <summary>The seam error of the pairs added so far.</summary>
    public SeamError Result => SeamError.Of(_pairs);

    /// <summary>Each measured pair's temporal error, in the order added (the dashboard charts them).</summary>
    public IReadOnlyList<FramePairError> Pairs => _frames;

    /// <summary>
    /// Adds the pair (<paramref name="earlier"/>, <paramref name="earlier"/> + 1) of one shot with their output
    /// images [1,3,H,W].
    /// </summary>
    /// <exception cref="ArgumentException">The two frames are not in the same shot (flow across a cut means nothing).</exception>
    public async Task AddPairAsync(int earlier, Tensor earlierImage, Tensor laterImage, CancellationToken cancellationToken)
    {
        var later = earlier + 1;
        var shot = _plan.Shots.FirstOrDefault(s => s.Frames.Contains(earlier))
            ?? throw new ArgumentOutOfRangeException(nameof(earlier), earlier, $"frame {earlier} is not in any shot of the plan");
        if (!shot.Frames.Contains(later))
            throw new ArgumentException($"frames {earlier} and {later} lie in different shots: the temporal error is measured inside shots only", nameof(earlier));
        var segments = _segments[shot.Index];
        var first = SegmentPlanner.OwnerOf(segments, earlier);
        var second = SegmentPlanner.OwnerOf(segments, later);
        var kind = first == second ? FramePairKind.Inside : FramePairKind.Seam;
        var (flow, weights) = await FlowAsync(earlier, later, first.Halo.Contains(later) ? first : second.Halo.Contains(earlier) ? second : null,
            cancellationToken).ConfigureAwait(false);
        using (flow)
        using (weights)
        {
            try
            {
                var error = TemporalError.Compute(earlierImage, laterImage, flow, weights);
                _pairs.Add((kind, error));
                _frames.Add(new FramePairError(earlier, kind == FramePairKind.Seam, error));
            }
            catch (ArgumentException)
            {
                Skipped++; // no pixel of the earlier frame is visible in the later one
            }
        }
    }

    // The flow earlier → later and the weights on the earlier frame's pixels for warping the later frame onto it.
    private async Task<(Tensor Flow, Tensor Weights)> FlowAsync(int earlier, int later, Segment? computedBy, CancellationToken cancellationToken)
    {
        var device = _services.TorchDevice;
        if (computedBy is not null)
        {
            var flowPath = await _services.Cache.GetAsync(ArtifactKey.Flow(_job.Id, computedBy, earlier, later), _services.Artifacts, cancellationToken).ConfigureAwait(false);
            var weightsPath = await _services.Cache.GetAsync(ArtifactKey.Weights(_job.Id, computedBy, later, earlier), _services.Artifacts, cancellationToken).ConfigureAwait(false);
            return (FlowFiles.ReadFlow(flowPath, device), FlowFiles.ReadWeights(weightsPath, device));
        }
        // As the flow tasks compute it: on the frames that were stylized.
        var settings = JobSettings.Resolve(_job.Spec);
        var shot = _plan.Shots.First(s => s.Frames.Contains(earlier)).Index;
        var frames = (await JobContent.ReadAsync(_services, _job, _plan, settings, shot, new FrameRange(earlier, later + 1), cancellationToken).ConfigureAwait(false)).Frames;
        var method = OpticalFlowFactory.Create(settings.Preset.FlowMethod);
        using var scope = NewDisposeScope();
        var forward = FlowFiles.ToTensor(method.Compute(frames[0], frames[1]), device);
        var backward = FlowFiles.ToTensor(method.Compute(frames[1], frames[0]), device);
        // Quantized as the flow task stores weights, so a pair measures the same whichever way its flow came.
        var weights = new ConsistencyWeights(ConsistencyOptions.Paper).Compute(forward, backward).mul(255f).round().div(255f);
        return (forward.DetachFromDisposeScope(), weights.DetachFromDisposeScope());
    }
}
