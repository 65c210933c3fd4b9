using StyleFarm.Kernels.Stylize;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Network.Training;

/// <summary>
/// A batch of clips of equal length as tensors on the training device: frames f⁽ᵏ⁾ [B,3,S,S] in [0, 1], and for each
/// later frame the flow onto its predecessor [B,S,S,2] and the mask of that warp [B,1,S,S] after the minimum filter. The
/// tensors belong to the dispose scope open when the batch was made (the training iteration's).
/// </summary>
public sealed class TrainingBatch
{
    private TrainingBatch(IReadOnlyList<Tensor> frames, IReadOnlyList<Tensor> flows, IReadOnlyList<Tensor> masks)
    {
        Frames = frames;
        Flows = flows;
        Masks = masks;
    }

    /// <summary>The frames, in order.</summary>
    public IReadOnlyList<Tensor> Frames { get; }

    /// <summary>Flows[k]: frame k + 1 → frame k.</summary>
    public IReadOnlyList<Tensor> Flows { get; }

    /// <summary>Masks[k]: where output k warped onto frame k + 1 holds, eroded.</summary>
    public IReadOnlyList<Tensor> Masks { get; }

    /// <summary>Stacks <paramref name="clips"/> (same length and size) onto <paramref name="device"/>, eroding masks by <paramref name="maskErosion"/>.</summary>
    public static TrainingBatch From(IReadOnlyList<TrainingClip> clips, int maskErosion, Device device)
    {
        ArgumentNullException.ThrowIfNull(clips);
        if (clips.Count == 0) throw new ArgumentException("a batch needs at least one clip", nameof(clips));
        var n = clips[0].Frames.Count;
        var (w, h) = (clips[0].Width, clips[0].Height);
        if (clips.Any(c => c.Frames.Count != n || c.Width != w || c.Height != h))
            throw new ArgumentException("the clips of a batch must have the same length and size", nameof(clips));
        var frames = Enumerable.Range(0, n).Select(k => On(cat(clips.Select(c => FrameTensors.ToTensor(c.Frames[k], CPU)).ToList(), 0), device)).ToList();
        var flows = Enumerable.Range(0, n - 1).Select(k => On(stack(clips.Select(c => tensor(c.Flows[k].Data, [h, w, 2])).ToList(), 0), device)).ToList();
        var masks = Enumerable.Range(0, n - 1)
            .Select(k => PriorImage.Erode(On(stack(clips.Select(c => tensor(c.Masks[k], [1, h, w])).ToList(), 0), device), maskErosion)).ToList();
        return new TrainingBatch(frames, flows, masks);
    }

    private static Tensor On(Tensor t, Device device) => device.type == TorchSharp.DeviceType.CPU ? t : t.to(device);
}
