using StyleFarm.Kernels.Imaging;

namespace StyleFarm.Kernels.Synthetic;

/// <summary>Builders of the synthetic test sequences (camera pans, the paper's random windows, hide and reveal).</summary>
public static partial class SyntheticSequences
{
    /// <summary>
    /// A camera pan at constant velocity: the window moves (<paramref name="velocityX"/>, <paramref name="velocityY"/>)
    /// photo pixels per frame at a fixed <paramref name="scale"/>, so the content moves by −velocity / scale
    /// frame pixels per frame (a pan to the right moves the picture left). The path is centred in the
    /// photo, its start rounded down to whole photo pixels so that whole-pixel velocities at scale 1
    /// give exact pixel copies between frames. Deterministic: no randomness is involved.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A size or the frame count is not positive, or a velocity is not finite, or the scale not positive.</exception>
    /// <exception cref="ArgumentException">The photo is too small for the path.</exception>
    public static SyntheticSequence Pan(RgbFrame photo, int width, int height, int frameCount,
        double velocityX, double velocityY, double scale = 1)
    {
        ArgumentNullException.ThrowIfNull(photo);
        CheckShape(width, height, frameCount);
        if (!double.IsFinite(velocityX) || !double.IsFinite(velocityY))
            throw new ArgumentOutOfRangeException(nameof(velocityX), $"the pan velocity ({velocityX}, {velocityY}) must be finite");
        if (!(scale > 0) || !double.IsFinite(scale))
            throw new ArgumentOutOfRangeException(nameof(scale), $"the scale {scale} must be finite and positive (1 = photo pixels 1:1)");
        var startX = PathStart(photo.Width, scale * width, velocityX, frameCount, "horizontal");
        var startY = PathStart(photo.Height, scale * height, velocityY, frameCount, "vertical");
        var cameras = new CameraWindow[frameCount];
        for (var t = 0; t < frameCount; t++) cameras[t] = new CameraWindow(startX + t * velocityX, startY + t * velocityY, scale);
        return new SyntheticSequence(photo, width, height, cameras);
    }

    // The first offset of a path of frameCount windows of `span` photo pixels moving `velocity` per frame, centred in the photo.
    private static double PathStart(int photoSize, double span, double velocity, int frameCount, string axis)
    {
        var travel = Math.Abs(velocity) * (frameCount - 1);
        var room = photoSize - span - travel;
        if (room < 0)
            throw new ArgumentException(
                $"the {axis} path needs {span + travel:0.##} photo pixels ({span:0.##} for the window, {travel:0.##} of travel) " +
                $"but the photo has {photoSize}; use a larger photo, a smaller frame, fewer frames or a slower pan");
        var left = Math.Floor(room / 2);
        return velocity < 0 ? left + travel : left;
    }

    private static void CheckShape(int width, int height, int frameCount)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"the frame size {width}x{height} must be positive");
        if (frameCount <= 0)
            throw new ArgumentOutOfRangeException(nameof(frameCount), $"the frame count {frameCount} must be positive");
    }
}
