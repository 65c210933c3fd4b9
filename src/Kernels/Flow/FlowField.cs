namespace StyleFarm.Kernels.Flow;

/// <summary>
/// A dense optical flow field in host memory. The flow A→B gives, for each pixel x of A, the
/// displacement w(x) = (u, v) to its position x + w(x) in B, in pixels (u rightwards, v downwards).
/// <see cref="Data"/> is row-major H×W×2 with u, v interleaved: the layout of an [H, W, 2] tensor,
/// of OpenCV's CV_32FC2 and of the Middlebury .flo payload, so it moves between them by plain copies.
/// </summary>
public sealed class FlowField
{
    /// <summary>Middlebury's convention: a component above this magnitude marks an unknown vector.</summary>
    public const float UnknownThreshold = 1e9f;

    /// <summary>Wraps <paramref name="data"/> (not copied) as a <paramref name="width"/>×<paramref name="height"/> field.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or the field is too large for one array.</exception>
    /// <exception cref="ArgumentException"><paramref name="data"/> does not hold width·height·2 values.</exception>
    public FlowField(int width, int height, float[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var length = RequiredLength(width, height);
        if (data.Length != length)
            throw new ArgumentException(
                $"a {width}x{height} flow field needs {length} floats (u, v per pixel), got {data.Length}", nameof(data));
        Width = width;
        Height = height;
        Data = data;
    }

    /// <summary>A zero flow field (every pixel stays where it is).</summary>
    public FlowField(int width, int height) : this(width, height, new float[RequiredLength(width, height)]) { }

    public int Width { get; }
    public int Height { get; }

    /// <summary>u, v interleaved, rows top to bottom: pixel (x, y) has u at (y·Width + x)·2 and v right after.</summary>
    public float[] Data { get; }

    /// <summary>The horizontal displacement of pixel (x, y), in pixels; positive is rightwards.</summary>
    public float U(int x, int y) => Data[Index(x, y)];

    /// <summary>The vertical displacement of pixel (x, y), in pixels; positive is downwards.</summary>
    public float V(int x, int y) => Data[Index(x, y) + 1];

    /// <summary>Sets the displacement of pixel (x, y).</summary>
    public void Set(int x, int y, float u, float v)
    {
        var i = Index(x, y);
        Data[i] = u;
        Data[i + 1] = v;
    }

    /// <summary>A field with the same displacement (u, v) at every pixel: the flow of a pure translation.</summary>
    public static FlowField Uniform(int width, int height, float u, float v)
    {
        var field = new FlowField(width, height);
        for (var i = 0; i < field.Data.Length; i += 2)
        {
            field.Data[i] = u;
            field.Data[i + 1] = v;
        }
        return field;
    }

    /// <summary>False for Middlebury's "unknown flow" marks: non-finite or above <see cref="UnknownThreshold"/>.</summary>
    public static bool IsKnown(float u, float v) =>
        float.IsFinite(u) && float.IsFinite(v) && MathF.Abs(u) <= UnknownThreshold && MathF.Abs(v) <= UnknownThreshold;

    /// <summary>The number of floats a width×height field holds, checked to fit one .NET array.</summary>
    public static int RequiredLength(int width, int height)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"flow field size {width}x{height} must be positive");
        var length = (long)width * height * 2;
        if (length > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(width),
                $"a {width}x{height} flow field needs {length} floats, more than one array can hold ({Array.MaxLength})");
        return (int)length;
    }

    private int Index(int x, int y)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height)
            throw new ArgumentOutOfRangeException(nameof(x), $"pixel ({x}, {y}) is outside the {Width}x{Height} flow field");
        return (y * Width + x) * 2;
    }
}
