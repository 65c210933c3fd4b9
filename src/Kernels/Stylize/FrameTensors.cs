using StyleFarm.Kernels.Imaging;
using TorchSharp;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Stylize;

/// <summary>Host frames ↔ image tensors [1,3,H,W] with values in [0,1].</summary>
public static class FrameTensors
{
    /// <summary>An 8-bit RGB frame as a float32 [1,3,H,W] tensor in [0,1] on <paramref name="device"/>.</summary>
    public static Tensor ToTensor(RgbFrame frame, Device device)
    {
        using var scope = NewDisposeScope();
        var hwc = tensor(frame.Pixels, [1, frame.Height, frame.Width, 3]);
        var image = hwc.permute(0, 3, 1, 2).to_type(ScalarType.Float32).div(255f).contiguous();
        return (device.type == DeviceType.CPU ? image : image.to(device)).MoveToOuterDisposeScope();
    }

    /// <summary>A [1,3,H,W] image tensor as an 8-bit RGB frame (clamped to [0,1], rounded).</summary>
    public static RgbFrame ToFrame(Tensor image)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var height = (int)image.shape[2];
        var width = (int)image.shape[3];
        var bytes = image.detach().cpu().clamp(0f, 1f).mul(255f).round().to_type(ScalarType.Byte)
            .permute(0, 2, 3, 1).contiguous().data<byte>().ToArray();
        return new RgbFrame(width, height, bytes);
    }

    /// <summary>A [1,3,H,W] image tensor as a float frame (clamped to [0,1]) for 16-bit output.</summary>
    public static RgbFloatFrame ToFloatFrame(Tensor image)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var height = (int)image.shape[2];
        var width = (int)image.shape[3];
        var values = image.detach().cpu().clamp(0f, 1f).permute(0, 2, 3, 1).contiguous().data<float>().ToArray();
        return new RgbFloatFrame(width, height, values);
    }
}
