using StyleFarm.Kernels.Flow;
using StyleFarm.Kernels.Imaging;

namespace StyleFarm.Kernels.Synthetic;

/// <summary>
/// A video made from one still photo: frame t shows the photo through <see cref="Cameras"/>[t]
/// (see <see cref="CameraWindow"/> for the coordinates), with optional <see cref="Occluders"/>
/// composited on top (later ones over earlier ones). Because the motion is known, the flow between
/// any two frames and which pixels stay visible are exact.
/// </summary>
/// <remarks>
/// <para>Flow follows <see cref="FlowField"/>'s convention: Flow(a, b) at pixel x of frame a is the
/// displacement to where that surface point appears in frame b, measured between pixel centres. For
/// the background it is x_b − x with x_b + ½ = (o_a + s_a·(x + ½) − o_b) / s_b per axis; for an occluder
/// pixel it is the occluder's own move P_b − P_a. The flow is always the geometric one, also where the
/// point leaves the frame or gets hidden; <see cref="Visible"/> says where it can be trusted.</para>
/// <para>Pixel x of frame a is visible in frame b when (1) its target x_b lies in [0, W−1]×[0, H−1],
/// so bilinear sampling of frame b there reads only frame pixels, and (2) every frame-b pixel that such
/// sampling weights (the 1, 2 or 4 neighbours of x_b) shows the same surface: background for a
/// background point, that very occluder for an occluder point. So a background point that lands
/// within one pixel of an occluder's edge counts as hidden, and warping frame b by Flow(a, b) at the
/// visible pixels mixes in nothing else. Targets within 10⁻⁶ px of a whole pixel count as on it.</para>
/// <para>Frames are rendered on first use and cached; <see cref="Frame"/> returns a copy.</para>
/// </remarks>
public sealed class SyntheticSequence
{
    // Distances below this (in frame pixels) are rounding of the affine maps, not sub-pixel offsets.
    private const double Snap = 1e-6;

    private readonly CameraWindow[] _cameras;
    private readonly Occluder[] _occluders;
    private readonly Lazy<byte[]>[] _frames;

    /// <summary>
    /// A sequence of <paramref name="cameras"/>.Count frames of <paramref name="width"/>×<paramref name="height"/>
    /// pixels looking into <paramref name="photo"/>, with <paramref name="occluders"/> (optional) on top.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    /// <exception cref="ArgumentException">There are no cameras, a window is invalid or reaches outside the photo,
    /// or an occluder's path does not have one position per frame.</exception>
    public SyntheticSequence(RgbFrame photo, int width, int height, IReadOnlyList<CameraWindow> cameras,
        IReadOnlyList<Occluder>? occluders = null)
    {
        ArgumentNullException.ThrowIfNull(photo);
        ArgumentNullException.ThrowIfNull(cameras);
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"the frame size {width}x{height} must be positive");
        if (cameras.Count == 0) throw new ArgumentException("a sequence needs at least one camera window (one per frame)", nameof(cameras));
        _cameras = [.. cameras];
        for (var t = 0; t < _cameras.Length; t++) CheckWindow(photo, width, height, t, _cameras[t]);
        _occluders = occluders is null ? [] : [.. occluders];
        for (var k = 0; k < _occluders.Length; k++)
        {
            ArgumentNullException.ThrowIfNull(_occluders[k], nameof(occluders));
            if (_occluders[k].Path.Count != _cameras.Length)
                throw new ArgumentException(
                    $"occluder {k} has {_occluders[k].Path.Count} positions but the sequence has {_cameras.Length} frames; give one per frame", nameof(occluders));
        }
        Photo = photo;
        Width = width;
        Height = height;
        _frames = new Lazy<byte[]>[_cameras.Length];
        for (var t = 0; t < _frames.Length; t++)
        {
            var frame = t;
            _frames[t] = new Lazy<byte[]>(() => Render(frame));
        }
    }

    /// <summary>The photo the camera looks into.</summary>
    public RgbFrame Photo { get; }

    /// <summary>Frame width in pixels.</summary>
    public int Width { get; }

    /// <summary>Frame height in pixels.</summary>
    public int Height { get; }

    /// <summary>The number of frames.</summary>
    public int Count => _cameras.Length;

    /// <summary>The camera window of each frame.</summary>
    public IReadOnlyList<CameraWindow> Cameras => _cameras;

    /// <summary>The occluders, bottom to top.</summary>
    public IReadOnlyList<Occluder> Occluders => _occluders;

    /// <summary>Frame <paramref name="t"/> (a fresh copy of the cached rendering).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="t"/> is not a frame of the sequence.</exception>
    public RgbFrame Frame(int t)
    {
        CheckFrame(t, nameof(t));
        return new RgbFrame(Width, Height, (byte[])_frames[t].Value.Clone());
    }

    /// <summary>
    /// What frame <paramref name="t"/> shows at pixel (<paramref name="x"/>, <paramref name="y"/>):
    /// the index of the topmost occluder covering it, or −1 for the background.
    /// </summary>
    public int SurfaceAt(int t, int x, int y)
    {
        CheckFrame(t, nameof(t));
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height)
            throw new ArgumentOutOfRangeException(nameof(x), $"pixel ({x}, {y}) is outside the {Width}x{Height} frame");
        return Surface(t, x, y);
    }

    /// <summary>The exact flow from frame <paramref name="a"/> to frame <paramref name="b"/> at every pixel (geometric, also where not visible).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A frame index is outside the sequence.</exception>
    public FlowField Flow(int a, int b)
    {
        CheckFrame(a, nameof(a));
        CheckFrame(b, nameof(b));
        var (moveX, moveY) = BackgroundMoves(a, b);
        var flow = new FlowField(Width, Height);
        var data = flow.Data;
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var i = (y * Width + x) * 2;
                var surface = Surface(a, x, y);
                if (surface < 0)
                {
                    data[i] = (float)moveX[x];
                    data[i + 1] = (float)moveY[y];
                }
                else
                {
                    var (from, to) = (_occluders[surface].Path[a], _occluders[surface].Path[b]);
                    data[i] = to.X - from.X;
                    data[i + 1] = to.Y - from.Y;
                }
            }
        }
        return flow;
    }

    /// <summary>
    /// Which pixels of frame <paramref name="a"/> are visible in frame <paramref name="b"/> (row-major,
    /// index y·Width + x): their target lies inside frame b and shows the same surface there (see the remarks).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A frame index is outside the sequence.</exception>
    public bool[] Visible(int a, int b)
    {
        CheckFrame(a, nameof(a));
        CheckFrame(b, nameof(b));
        var (moveX, moveY) = BackgroundMoves(a, b);
        var visible = new bool[Width * Height];
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var surface = Surface(a, x, y);
                if (surface < 0)
                {
                    visible[y * Width + x] = BackgroundShows(b, x + moveX[x], y + moveY[y]);
                }
                else
                {
                    var (from, to) = (_occluders[surface].Path[a], _occluders[surface].Path[b]);
                    var (tx, ty) = (x + to.X - from.X, y + to.Y - from.Y);
                    visible[y * Width + x] = (uint)tx < (uint)Width && (uint)ty < (uint)Height && Surface(b, tx, ty) == surface;
                }
            }
        }
        return visible;
    }

    /// <summary>The complement of <see cref="Visible"/>: pixels of frame <paramref name="a"/> that leave frame <paramref name="b"/> or are hidden there.</summary>
    public bool[] Occluded(int a, int b)
    {
        var visible = Visible(a, b);
        for (var i = 0; i < visible.Length; i++) visible[i] = !visible[i];
        return visible;
    }

    /// <summary>
    /// <see cref="Flow"/> with the pixels that are not <see cref="Visible"/> marked unknown (Middlebury's
    /// 1e10), the form <see cref="FlowError"/> and .flo files take as ground truth.
    /// </summary>
    public FlowField GroundTruth(int a, int b)
    {
        var flow = Flow(a, b);
        var visible = Visible(a, b);
        const float unknown = 1e10f;
        for (var i = 0; i < visible.Length; i++)
        {
            if (visible[i]) continue;
            flow.Data[2 * i] = unknown;
            flow.Data[2 * i + 1] = unknown;
        }
        return flow;
    }

    private (double[] X, double[] Y) BackgroundMoves(int a, int b)
    {
        var (from, to) = (_cameras[a], _cameras[b]);
        // Pixel centre to pixel centre through the photo: x_b + ½ = (o_a + s_a·(x + ½) − o_b) / s_b, so the move
        // x_b − x = ((o_a − o_b) + (s_a − s_b)·(x + ½)) / s_b: exactly 0 for equal windows, exact for whole-pixel pans.
        var moveX = new double[Width];
        for (var x = 0; x < Width; x++) moveX[x] = (from.OffsetX - to.OffsetX + (from.ScaleX - to.ScaleX) * (x + 0.5)) / to.ScaleX;
        var moveY = new double[Height];
        for (var y = 0; y < Height; y++) moveY[y] = (from.OffsetY - to.OffsetY + (from.ScaleY - to.ScaleY) * (y + 0.5)) / to.ScaleY;
        return (moveX, moveY);
    }

    private bool BackgroundShows(int frame, double x, double y)
    {
        x = SnapToPixel(x);
        y = SnapToPixel(y);
        if (x < 0 || y < 0 || x > Width - 1 || y > Height - 1) return false;
        int x0 = (int)Math.Floor(x), x1 = (int)Math.Ceiling(x), y0 = (int)Math.Floor(y), y1 = (int)Math.Ceiling(y);
        return Surface(frame, x0, y0) < 0 && Surface(frame, x1, y0) < 0 && Surface(frame, x0, y1) < 0 && Surface(frame, x1, y1) < 0;
    }

    private static double SnapToPixel(double value)
    {
        var whole = Math.Round(value);
        return Math.Abs(value - whole) < Snap ? whole : value;
    }

    private int Surface(int t, int x, int y)
    {
        for (var k = _occluders.Length - 1; k >= 0; k--)
        {
            if (_occluders[k].Rect(t).Contains(x, y)) return k;
        }
        return -1;
    }

    private byte[] Render(int t)
    {
        var pixels = new byte[Width * Height * 3];
        PhotoSampler.Render(Photo, _cameras[t], Width, Height, pixels);
        for (var k = 0; k < _occluders.Length; k++)
        {
            var texture = _occluders[k].Texture;
            var rect = _occluders[k].Rect(t);
            // Only the part of the rectangle that is on screen; later occluders paint over earlier ones.
            int left = Math.Max(rect.Left, 0), right = Math.Min(rect.Right, Width);
            int top = Math.Max(rect.Top, 0), bottom = Math.Min(rect.Bottom, Height);
            if (left >= right || top >= bottom) continue;
            for (var y = top; y < bottom; y++)
            {
                Array.Copy(texture.Pixels, ((y - rect.Top) * texture.Width + left - rect.Left) * 3,
                    pixels, (y * Width + left) * 3, (right - left) * 3);
            }
        }
        return pixels;
    }

    private void CheckFrame(int t, string name)
    {
        if ((uint)t >= (uint)_cameras.Length)
            throw new ArgumentOutOfRangeException(name, $"frame {t} is not in the sequence; it has frames 0 to {_cameras.Length - 1}");
    }

    private static void CheckWindow(RgbFrame photo, int width, int height, int t, CameraWindow camera)
    {
        camera.Validate($"frame {t}");
        // Tolerate rounding of windows computed as centre ± half size.
        const double slack = 1e-9;
        var (left, right) = (camera.OffsetX, camera.PhotoX(width));
        var (top, bottom) = (camera.OffsetY, camera.PhotoY(height));
        if (left < -slack || top < -slack || right > photo.Width + slack || bottom > photo.Height + slack)
            throw new ArgumentException(
                $"frame {t}: the window [{left:0.###}, {right:0.###}) x [{top:0.###}, {bottom:0.###}) reaches outside the " +
                $"{photo.Width}x{photo.Height} photo; keep the offset ≥ 0 and offset + scale·size within the photo " +
                "(a larger photo, a smaller frame or less motion)");
    }
}
