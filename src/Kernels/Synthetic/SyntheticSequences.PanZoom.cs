using StyleFarm.Kernels.Imaging;

namespace StyleFarm.Kernels.Synthetic;

public static partial class SyntheticSequences
{
    /// <summary>
    /// A camera that pans right and down by (<paramref name="velocityX"/>, <paramref name="velocityY"/>) photo pixels per
    /// frame while its window grows by <paramref name="zoomOut"/> photo pixels per frame on each axis, anchored at its
    /// top-left corner: the picture drifts left and up and shrinks, and new content enters at the right and bottom
    /// edges every frame, so every earlier frame's right and bottom border is somewhere inside each later frame (what
    /// <see cref="EarlierBorders"/> finds). The first window is <paramref name="scale"/> photo pixels per frame pixel and
    /// placed so the whole path fits, centred. Deterministic.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A size, the frame count, a velocity, the zoom or the scale is out of range.</exception>
    /// <exception cref="ArgumentException">The photo is too small for the path.</exception>
    public static SyntheticSequence PanZoom(RgbFrame photo, int width, int height, int frameCount,
        double velocityX, double velocityY, double zoomOut, double scale = 1)
    {
        ArgumentNullException.ThrowIfNull(photo);
        CheckShape(width, height, frameCount);
        if (!(velocityX >= 0) || !(velocityY >= 0) || !(zoomOut >= 0) || !double.IsFinite(velocityX + velocityY + zoomOut))
            throw new ArgumentOutOfRangeException(nameof(velocityX), $"the pan ({velocityX}, {velocityY}) and zoom-out {zoomOut} must be finite and ≥ 0 (the camera moves right and down)");
        if (!(scale > 0) || !double.IsFinite(scale))
            throw new ArgumentOutOfRangeException(nameof(scale), $"the scale {scale} must be finite and positive (1 = photo pixels 1:1)");
        var last = frameCount - 1;
        // The last window reaches furthest right and down: the path's extent is its far corner.
        var spanX = velocityX * last + scale * width + zoomOut * last;
        var spanY = velocityY * last + scale * height + zoomOut * last;
        if (spanX > photo.Width || spanY > photo.Height)
            throw new ArgumentException(
                $"the pan-and-zoom path needs {spanX:0.##}×{spanY:0.##} photo pixels but the photo has {photo.Width}×{photo.Height}; " +
                "use a larger photo, a smaller frame, fewer frames or a slower camera");
        var (left, top) = (Math.Floor((photo.Width - spanX) / 2), Math.Floor((photo.Height - spanY) / 2));
        var cameras = new CameraWindow[frameCount];
        for (var t = 0; t < frameCount; t++)
        {
            var (windowX, windowY) = (scale * width + zoomOut * t, scale * height + zoomOut * t);
            cameras[t] = new CameraWindow(left + velocityX * t, top + velocityY * t, windowX / width, windowY / height);
        }
        return new SyntheticSequence(photo, width, height, cameras);
    }
}
