using StyleFarm.Kernels.Imaging;

namespace StyleFarm.Kernels.Synthetic;

/// <summary>
/// An opaque textured rectangle that moves in screen space over the background, one whole-pixel
/// position per frame: in frame t its texture pixel (i, j) covers frame pixel (P_t.x + i, P_t.y + j).
/// </summary>
/// <remarks>
/// Positions are whole pixels so the texture is shown 1:1 with crisp edges: every frame pixel is
/// either wholly occluder or wholly background, which keeps the visibility masks exact. A position
/// may put the rectangle partly or wholly off screen, which is how an occluder enters and leaves.
/// </remarks>
public sealed class Occluder
{
    private readonly ScreenPosition[] _path;

    /// <summary>An occluder showing <paramref name="texture"/> with its top-left pixel at <paramref name="path"/>[t] in frame t.</summary>
    /// <exception cref="ArgumentException">The path is empty.</exception>
    public Occluder(RgbFrame texture, IReadOnlyList<ScreenPosition> path)
    {
        ArgumentNullException.ThrowIfNull(texture);
        ArgumentNullException.ThrowIfNull(path);
        if (path.Count == 0) throw new ArgumentException("an occluder needs a position for every frame; the path is empty", nameof(path));
        Texture = texture;
        _path = [.. path];
    }

    /// <summary>
    /// An occluder whose texture is the <paramref name="source"/> rectangle of <paramref name="photo"/>
    /// (copied), moving along <paramref name="path"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The rectangle is empty or reaches outside the photo, or the path is empty.</exception>
    public static Occluder Cut(RgbFrame photo, PixelRect source, IReadOnlyList<ScreenPosition> path)
    {
        ArgumentNullException.ThrowIfNull(photo);
        if (source.Width <= 0 || source.Height <= 0 || source.Left < 0 || source.Top < 0
            || source.Right > photo.Width || source.Bottom > photo.Height)
            throw new ArgumentException(
                $"cannot cut {source} from a {photo.Width}x{photo.Height} photo: the rectangle must be non-empty and inside it", nameof(source));
        var pixels = new byte[source.Width * source.Height * 3];
        for (var y = 0; y < source.Height; y++)
            Array.Copy(photo.Pixels, ((source.Top + y) * photo.Width + source.Left) * 3, pixels, y * source.Width * 3, source.Width * 3);
        return new Occluder(new RgbFrame(source.Width, source.Height, pixels), path);
    }

    /// <summary>The image the rectangle shows, 1:1 in frame pixels.</summary>
    public RgbFrame Texture { get; }

    /// <summary>The frame positions of the texture's top-left pixel, one per frame.</summary>
    public IReadOnlyList<ScreenPosition> Path => _path;

    /// <summary>The frame pixels the occluder covers in frame <paramref name="t"/> (possibly partly off screen).</summary>
    public PixelRect Rect(int t) => new(_path[t].X, _path[t].Y, Texture.Width, Texture.Height);
}
