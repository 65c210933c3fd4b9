using StyleFarm.Grains.Artifacts;
using StyleFarm.Grains.Jobs;
using StyleFarm.Kernels.Stylize;
using TorchSharp;
using StyleFarm.Kernels.Temporal;
using static TorchSharp.torch;

namespace StyleFarm.Silo.Execution;

/// <summary>
/// A segment's committed flows and weights (absolute frame numbers) as a stylizer reads them, from the
/// silo's <see cref="FlowCache"/> (make the segment complete there first with
/// <see cref="FlowCache.EnsureSegmentAsync"/>). Tensors are loaded on first use and kept until
/// <see cref="Forget"/> or disposal.
/// </summary>
public sealed class StoredFlows(FlowCache cache, JobId job, Segment segment, Device device) : IFrameFlows, IDisposable
{
    private readonly Dictionary<(int, int), Tensor> _flows = [];
    private readonly Dictionary<(int, int), Tensor> _weights = [];

    /// <summary>The flow from frame <paramref name="from"/> to <paramref name="to"/>, [1,H,W,2].</summary>
    public Tensor Flow(int from, int to) =>
        Load(_flows, (from, to), () => FlowFiles.ReadFlow(LocalPath(ArtifactKey.Flow(job, segment, from, to)), device));

    /// <inheritdoc />
    public Tensor Weights(int target, int source) =>
        Load(_weights, (target, source), () => FlowFiles.ReadWeights(LocalPath(ArtifactKey.Weights(job, segment, source, target)), device));

    /// <inheritdoc />
    public Tensor WarpOnto(Tensor image, int target, int source) => FrameWarp.Onto(image, Flow(target, source));

    /// <inheritdoc />
    public Tensor Warp(Tensor image, int target, int source) => Warping.Warp(image, Flow(target, source), GridSamplePaddingMode.Border);

    /// <inheritdoc />
    public void Forget(Func<int, int, bool> done)
    {
        foreach (var cacheOf in new[] { _flows, _weights })
        {
            foreach (var key in cacheOf.Keys.Where(k => done(k.Item1, k.Item2)).ToList())
            {
                cacheOf[key].Dispose();
                cacheOf.Remove(key);
            }
        }
    }

    /// <inheritdoc />
    public void Dispose() => Forget((_, _) => true);

    private static Tensor Load(Dictionary<(int, int), Tensor> loaded, (int, int) key, Func<Tensor> read)
    {
        if (loaded.TryGetValue(key, out var tensor)) return tensor;
        tensor = read().DetachFromDisposeScope();
        loaded[key] = tensor;
        return tensor;
    }

    private string LocalPath(ArtifactKey key)
    {
        var path = cache.PathOf(key);
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException($"{key} is not in the flow cache at {cache.Folder}: fetch the segment with FlowCache.EnsureSegmentAsync first");
    }
}
