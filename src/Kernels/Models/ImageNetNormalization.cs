using StyleFarm.Kernels.Imaging;

namespace StyleFarm.Kernels.Models;

/// <summary>
/// The input normalisation torchvision's ImageNet-trained VGGs expect: RGB scaled to [0, 1], then
/// (value − mean) / std per channel.
/// </summary>
public static class ImageNetNormalization
{
    /// <summary>Per-channel mean, R, G, B.</summary>
    public static IReadOnlyList<float> Mean { get; } = Array.AsReadOnly([0.485f, 0.456f, 0.406f]);

    /// <summary>Per-channel standard deviation, R, G, B.</summary>
    public static IReadOnlyList<float> Std { get; } = Array.AsReadOnly([0.229f, 0.224f, 0.225f]);

    /// <summary>
    /// The frame as a normalised planar 3×H×W float32 array (channel-major, as a 1×3×H×W NCHW tensor
    /// lays it out): element [c, y, x] = (pixel / 255 − Mean[c]) / Std[c].
    /// </summary>
    public static float[] ToNormalizedChw(RgbFrame frame)
    {
        var plane = frame.Width * frame.Height;
        var result = new float[3 * plane];
        for (var c = 0; c < 3; c++)
        {
            // One lookup table per channel: 256 values instead of a divide per pixel.
            var table = new float[256];
            for (var v = 0; v < 256; v++) table[v] = (v / 255f - Mean[c]) / Std[c];
            var pixels = frame.Pixels;
            var output = result.AsSpan(c * plane, plane);
            for (var i = 0; i < plane; i++) output[i] = table[pixels[i * 3 + c]];
        }
        return result;
    }
}
