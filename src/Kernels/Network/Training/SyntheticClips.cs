using StyleFarm.Kernels.Imaging;
using StyleFarm.Kernels.Synthetic;

namespace StyleFarm.Kernels.Network.Training;

/// <summary>
/// Synthetic training clips from still images (sec. 5.2.3): a square window of the frame size at a random place in the
/// photo, moved by 0–32 px and grown (zoomed out) by up to 32 px per axis from frame to frame, the move and the growth
/// drawn once per sample as the paper draws them, each window resampled to the frame size. Because the motion is known
/// the flows are exact and the masks are the exact visibility (1 where a pixel of frame t was seen in frame t − 1).
/// </summary>
public static class SyntheticClips
{
    /// <summary>A clip of <paramref name="frames"/> frames of <paramref name="size"/>² pixels from <paramref name="photo"/> (already <see cref="StillPhoto.Fit"/>), its motion drawn from <paramref name="seed"/>.</summary>
    public static TrainingClip Make(RgbFrame photo, int size, int frames, int seed, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(photo);
        ArgumentNullException.ThrowIfNull(options);
        var walk = new RandomWalkOptions { MaxShift = options.SyntheticMaxShift, MaxZoomOut = options.SyntheticMaxZoomOut, DrawEveryFrame = false };
        var sequence = SyntheticSequences.RandomWalk(photo, size, size, frames, seed, walk);
        var images = Enumerable.Range(0, frames).Select(sequence.Frame).ToList();
        var flows = Enumerable.Range(1, frames - 1).Select(t => sequence.Flow(t, t - 1)).ToList();
        var masks = Enumerable.Range(1, frames - 1).Select(t => sequence.Visible(t, t - 1).Select(v => v ? 1f : 0f).ToArray()).ToList();
        return new TrainingClip(images, flows, masks);
    }
}
