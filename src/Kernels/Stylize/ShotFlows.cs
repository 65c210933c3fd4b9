using StyleFarm.Kernels.Flow;
using StyleFarm.Kernels.Imaging;
using StyleFarm.Kernels.Temporal;
using TorchSharp;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Stylize;

/// <summary>
/// The optical flow between frames of one shot, as tensors, with their consistency weights: computed
/// on first use and kept until <see cref="Forget"/> (a sequential pass needs each pair once; a multi-pass
/// render reuses the consecutive pairs in every pass). Flows for offsets above 1 are computed directly
/// between the two frames, never chained (ALGORITHMS.md §3).
/// </summary>
public sealed class ShotFlows(IReadOnlyList<RgbFrame> frames, IOpticalFlow flow, ConsistencyOptions consistency, Device device) : IFrameFlows, IDisposable
{
    private readonly Dictionary<(int, int), Tensor> _flows = [];
    private readonly Dictionary<(int, int), Tensor> _weights = [];

    /// <summary>The flow from frame <paramref name="from"/> to <paramref name="to"/> (shot-relative) as [1,H,W,2].</summary>
    public Tensor Flow(int from, int to)
    {
        if (_flows.TryGetValue((from, to), out var cached)) return cached;
        using var scope = NewDisposeScope();
        var field = flow.Compute(frames[from], frames[to]);
        var t = tensor(field.Data, [1, field.Height, field.Width, 2]);
        var result = (device.type == DeviceType.CPU ? t : t.to(device)).DetachFromDisposeScope();
        _flows[(from, to)] = result;
        return result;
    }

    /// <summary>
    /// Weights c [1,1,H,W] on frame <paramref name="target"/>'s pixels for an image of frame
    /// <paramref name="source"/> warped onto it (eq. 5–7).
    /// </summary>
    public Tensor Weights(int target, int source)
    {
        if (_weights.TryGetValue((target, source), out var cached)) return cached;
        using var scope = NewDisposeScope();
        var weights = new ConsistencyWeights(consistency).Compute(Flow(target, source), Flow(source, target)).DetachFromDisposeScope();
        _weights[(target, source)] = weights;
        return weights;
    }

    /// <summary>Frame <paramref name="source"/>'s image warped onto frame <paramref name="target"/>; pixels from outside get the image's mean colour (§2).</summary>
    public Tensor WarpOnto(Tensor image, int target, int source) => FrameWarp.Onto(image, Flow(target, source));

    /// <summary>
    /// Frame <paramref name="source"/>'s image warped onto frame <paramref name="target"/>, reading the nearest
    /// edge pixel where the flow leaves the image: what the reference's multi-pass blends and ties the temporal
    /// loss to (the mean fill of <see cref="WarpOnto"/> is an initialisation for pixels no pass has seen yet;
    /// blended into a finished frame where the smoothed weights are not quite 0, it paints a grey stripe at the
    /// revealed border on every pass).
    /// </summary>
    public Tensor Warp(Tensor image, int target, int source) => Warping.Warp(image, Flow(target, source), GridSamplePaddingMode.Border);

    /// <inheritdoc />
    public void Forget(Func<int, int, bool> done)
    {
        Forget(_flows, key => done(key.Item1, key.Item2));
        Forget(_weights, key => done(key.Item1, key.Item2));
    }

    private static void Forget(Dictionary<(int, int), Tensor> cache, Func<(int, int), bool> done)
    {
        foreach (var key in cache.Keys.Where(done).ToList())
        {
            cache[key].Dispose();
            cache.Remove(key);
        }
    }

    public void Dispose()
    {
        foreach (var t in _flows.Values) t.Dispose();
        foreach (var t in _weights.Values) t.Dispose();
        _flows.Clear();
        _weights.Clear();
    }
}
