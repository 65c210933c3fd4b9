using StyleFarm.Kernels.Imaging;
using StyleFarm.Kernels.Stylize;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Network.Training;

/// <summary>
/// A still image made ready to film synthetic training sequences at a frame size S: scaled so its shorter side is at
/// least 1.25·S (room for the window to move and zoom out, sec. 5.2.3) and at most 2·S (so a window shows a scene
/// rather than a detail of it, as a 256-px window shows much of a COCO photo). Images already in range are unchanged.
/// </summary>
public static class StillPhoto
{
    /// <summary>The shortest side, as a multiple of the frame size: 1.25.</summary>
    public const double MinimumScale = 1.25;

    /// <summary>The longest the shorter side may be, as a multiple of the frame size: 2.</summary>
    public const double MaximumScale = 2.0;

    /// <summary><paramref name="photo"/> scaled into range for frames of <paramref name="size"/>² pixels (bilinear, antialiased when shrinking).</summary>
    public static RgbFrame Fit(RgbFrame photo, int size)
    {
        ArgumentNullException.ThrowIfNull(photo);
        var shorter = Math.Min(photo.Width, photo.Height);
        var target = Math.Clamp(shorter, (int)Math.Ceiling(MinimumScale * size), (int)(MaximumScale * size));
        if (target == shorter) return photo;
        var scale = (double)target / shorter;
        var (width, height) = (Math.Max(target, (int)Math.Round(photo.Width * scale)), Math.Max(target, (int)Math.Round(photo.Height * scale)));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var image = FrameTensors.ToTensor(photo, CPU);
        var resized = nn.functional.interpolate(image, [height, width], mode: InterpolationMode.Bilinear, align_corners: false, antialias: scale < 1);
        return FrameTensors.ToFrame(resized);
    }
}
