using static TorchSharp.torch;

namespace StyleFarm.Kernels.Style;

/// <summary>Argument checks shared by the losses, so bad input fails with its names and shapes, not deep in libtorch.</summary>
internal static class LossChecks
{
    public static void SameShape(Tensor a, string aName, Tensor b, string bName, string loss)
    {
        ArgumentNullException.ThrowIfNull(a, aName);
        ArgumentNullException.ThrowIfNull(b, bName);
        var sa = a.shape;
        var sb = b.shape;
        if (!sa.SequenceEqual(sb))
            throw new ArgumentException($"{loss} needs {aName} and {bName} of the same shape; got {Shape(sa)} and {Shape(sb)}", bName);
    }

    /// <summary>An (N, C, H, W) image batch; returns its shape.</summary>
    public static long[] Image(Tensor x, string name, string loss)
    {
        ArgumentNullException.ThrowIfNull(x, name);
        var shape = x.shape;
        if (shape.Length != 4)
            throw new ArgumentException($"{loss} takes (N, C, H, W) images; {name} has shape {Shape(shape)}", name);
        return shape;
    }

    /// <summary>Per-pixel weights c of shape (N, 1, H, W) for images of shape <paramref name="image"/>.</summary>
    public static void PixelWeights(Tensor c, string name, long[] image, string loss)
    {
        ArgumentNullException.ThrowIfNull(c, name);
        var shape = c.shape;
        if (shape.Length != 4 || shape[0] != image[0] || shape[1] != 1 || shape[2] != image[2] || shape[3] != image[3])
            throw new ArgumentException(
                $"{loss} takes per-pixel weights of shape [{image[0]}, 1, {image[2]}, {image[3]}] (one weight per pixel, " +
                $"shared by the channels) for images of shape {Shape(image)}; {name} has shape {Shape(shape)}", name);
    }

    /// <summary>Same device type and, where both name one, the same index ("cuda" is the current CUDA device).</summary>
    public static bool SameDevice(Device a, Device b) =>
        a.type == b.type && (a.index < 0 || b.index < 0 || a.index == b.index);

    public static string Shape(long[] shape) => "[" + string.Join(", ", shape) + "]";
}
