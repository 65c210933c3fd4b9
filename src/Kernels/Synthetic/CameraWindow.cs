namespace StyleFarm.Kernels.Synthetic;

/// <summary>
/// Where one frame looks into the photo: the frame point x (in frame pixels) shows the photo point
/// P(x) = o + s·x, per axis (<see cref="OffsetX"/> = o_x, <see cref="ScaleX"/> = s_x, likewise y).
/// </summary>
/// <remarks>
/// Coordinates are continuous with the pixel grid's corner at 0: pixel i covers [i, i + 1) and its
/// centre is i + ½, in the frame and in the photo alike. So the frame's W×H pixels see the photo
/// rectangle [o, o + s·W) × [o_y, o_y + s_y·H), and with s = 1 and a whole-pixel offset every frame
/// pixel centre falls on a photo pixel centre. A scale above 1 zooms out (one frame pixel spans s
/// photo pixels), below 1 zooms in. Each axis has its own scale because the paper's synthetic data
/// grows the window independently per axis.
/// </remarks>
/// <param name="OffsetX">o_x: the photo x of the frame's left edge, in photo pixels.</param>
/// <param name="OffsetY">o_y: the photo y of the frame's top edge, in photo pixels.</param>
/// <param name="ScaleX">s_x: photo pixels per frame pixel horizontally; above 1 zooms out.</param>
/// <param name="ScaleY">s_y: photo pixels per frame pixel vertically; above 1 zooms out.</param>
public readonly record struct CameraWindow(double OffsetX, double OffsetY, double ScaleX, double ScaleY)
{
    /// <summary>A window of scale <paramref name="scale"/> on both axes, left-top corner at (<paramref name="offsetX"/>, <paramref name="offsetY"/>).</summary>
    public CameraWindow(double offsetX, double offsetY, double scale = 1) : this(offsetX, offsetY, scale, scale) { }

    /// <summary>The photo x seen at frame x (continuous coordinates: a pixel centre is at i + ½).</summary>
    public double PhotoX(double frameX) => OffsetX + ScaleX * frameX;

    /// <summary>The photo y seen at frame y (continuous coordinates: a pixel centre is at j + ½).</summary>
    public double PhotoY(double frameY) => OffsetY + ScaleY * frameY;

    /// <summary>The frame x at which photo x appears (the inverse of <see cref="PhotoX"/>).</summary>
    public double FrameX(double photoX) => (photoX - OffsetX) / ScaleX;

    /// <summary>The frame y at which photo y appears (the inverse of <see cref="PhotoY"/>).</summary>
    public double FrameY(double photoY) => (photoY - OffsetY) / ScaleY;

    /// <summary>Throws unless the offsets are finite and the scales finite and positive.</summary>
    /// <exception cref="ArgumentException">A component is not finite, or a scale is not positive.</exception>
    public void Validate(string what)
    {
        if (!double.IsFinite(OffsetX) || !double.IsFinite(OffsetY))
            throw new ArgumentException($"{what}: the window offset ({OffsetX}, {OffsetY}) must be finite");
        if (!(ScaleX > 0) || !(ScaleY > 0) || !double.IsFinite(ScaleX) || !double.IsFinite(ScaleY))
            throw new ArgumentException($"{what}: the window scale ({ScaleX}, {ScaleY}) must be finite and positive (1 = photo pixels 1:1, above 1 zooms out)");
    }
}
