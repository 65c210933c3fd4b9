using StyleFarm.Kernels.Imaging;

namespace StyleFarm.Kernels.Synthetic;

public static partial class SyntheticSequences
{
    /// <summary>
    /// The paper's synthetic sequence (sec. 5.2.3): a window of the output size (scale 1) at a random place
    /// in the photo that, from one frame to the next, moves by a uniform random shift in
    /// [−MaxShift, MaxShift] and grows about its centre by a uniform random amount in [0, MaxZoomOut]
    /// photo pixels, independently per axis; every window is resampled to the output size, so the
    /// content drifts and shrinks. A step that would take the window outside the photo is cut short at
    /// the photo's edge (growth is capped by the room left, the centre is clamped). Deterministic for a
    /// given <paramref name="seed"/> (System.Random).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A size or the frame count is not positive, or an option is out of range.</exception>
    /// <exception cref="ArgumentException">The photo is smaller than the output size.</exception>
    public static SyntheticSequence RandomWalk(RgbFrame photo, int width, int height, int frameCount, int seed,
        RandomWalkOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(photo);
        CheckShape(width, height, frameCount);
        options ??= new RandomWalkOptions();
        options.Validate();
        if (photo.Width < width || photo.Height < height)
            throw new ArgumentException(
                $"a {photo.Width}x{photo.Height} photo is smaller than the {width}x{height} output; use a larger photo or a smaller output", nameof(photo));

        var random = new Random(seed);
        var (sizeX, sizeY) = ((double)width, (double)height);
        var centreX = sizeX / 2 + random.NextDouble() * (photo.Width - sizeX);
        var centreY = sizeY / 2 + random.NextDouble() * (photo.Height - sizeY);
        var cameras = new CameraWindow[frameCount];
        cameras[0] = new CameraWindow(centreX - sizeX / 2, centreY - sizeY / 2);
        var step = DrawStep(random, options);
        for (var t = 1; t < frameCount; t++)
        {
            if (options.DrawEveryFrame) step = DrawStep(random, options);
            sizeX += Math.Min(step.GrowX, photo.Width - sizeX);
            sizeY += Math.Min(step.GrowY, photo.Height - sizeY);
            centreX = Math.Clamp(centreX + step.ShiftX, sizeX / 2, photo.Width - sizeX / 2);
            centreY = Math.Clamp(centreY + step.ShiftY, sizeY / 2, photo.Height - sizeY / 2);
            cameras[t] = new CameraWindow(centreX - sizeX / 2, centreY - sizeY / 2, sizeX / width, sizeY / height);
        }
        return new SyntheticSequence(photo, width, height, cameras);
    }

    private static (double ShiftX, double ShiftY, double GrowX, double GrowY) DrawStep(Random random, RandomWalkOptions options)
    {
        var shiftX = (2 * random.NextDouble() - 1) * options.MaxShift;
        var shiftY = (2 * random.NextDouble() - 1) * options.MaxShift;
        var growX = random.NextDouble() * options.MaxZoomOut;
        var growY = random.NextDouble() * options.MaxZoomOut;
        return (shiftX, shiftY, growX, growY);
    }
}
