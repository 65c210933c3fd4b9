using StyleFarm.Kernels.Flow;
using StyleFarm.Kernels.Imaging;

namespace StyleFarm.Kernels.Network.Training;

/// <summary>
/// One training sample: consecutive frames f⁽¹⁾ … f⁽ⁿ⁾ and, for each frame after the first, the flow from it onto its
/// predecessor (the warp ω that carries output t − 1 onto frame t, eq. 15) and the mask of that warp c⁽ᵗ⁻¹'ᵗ⁾: exact
/// visibility for synthetic sequences, consistency weights (eq. 5–7) for real footage.
/// </summary>
/// <param name="Frames">n frames of one size.</param>
/// <param name="Flows">n − 1 flows; Flows[k] is frame k + 1 → frame k on frame k + 1's pixels.</param>
/// <param name="Masks">n − 1 masks in [0, 1], row-major on frame k + 1's pixels.</param>
public sealed record TrainingClip(IReadOnlyList<RgbFrame> Frames, IReadOnlyList<FlowField> Flows, IReadOnlyList<float[]> Masks)
{
    /// <summary>The frames' width.</summary>
    public int Width => Frames[0].Width;

    /// <summary>The frames' height.</summary>
    public int Height => Frames[0].Height;

    /// <summary>The first <paramref name="frames"/> frames with their flows and masks.</summary>
    public TrainingClip Take(int frames)
    {
        if (frames < 1 || frames > Frames.Count)
            throw new ArgumentOutOfRangeException(nameof(frames), $"the clip has {Frames.Count} frames; asked for {frames}");
        return new TrainingClip(Frames.Take(frames).ToList(), Flows.Take(frames - 1).ToList(), Masks.Take(frames - 1).ToList());
    }
}
