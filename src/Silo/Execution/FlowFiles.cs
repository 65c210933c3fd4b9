using StyleFarm.Kernels.Flow;
using StyleFarm.Kernels.Imaging;
using TorchSharp;
using static TorchSharp.torch;

namespace StyleFarm.Silo.Execution;

/// <summary>
/// Flows and consistency weights as files: flows as Middlebury .flo (exact float32), weights as 8-bit
/// PGM (c quantized to k/255, the format of the reference checker). Every reader of weights, on every
/// silo, uses the quantized values, so a segment stylizes to the same frames wherever its flow came from.
/// </summary>
public static class FlowFiles
{
    /// <summary>A flow field as a [1,H,W,2] tensor on <paramref name="device"/>; the caller owns it.</summary>
    public static Tensor ToTensor(FlowField field, Device device)
    {
        using var scope = NewDisposeScope();
        var t = tensor(field.Data, [1, field.Height, field.Width, 2]);
        return (device.type == DeviceType.CPU ? t : t.to(device)).MoveToOuterDisposeScope();
    }

    /// <summary>Reads the .flo file at <paramref name="path"/> as a [1,H,W,2] tensor.</summary>
    public static Tensor ReadFlow(string path, Device device) => ToTensor(FloFile.Read(path), device);

    /// <summary>Writes weights c [1,1,H,W] in [0,1] as an 8-bit PGM at <paramref name="path"/> (folders created).</summary>
    public static void WriteWeights(string path, Tensor weights)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var height = (int)weights.shape[2];
        var width = (int)weights.shape[3];
        var gray = weights.detach().cpu().clamp(0f, 1f).mul(255f).round().to_type(ScalarType.Byte).contiguous().data<byte>().ToArray();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        PgmFile.Write(path, width, height, gray);
    }

    /// <summary>Reads weights written by <see cref="WriteWeights"/> as a [1,1,H,W] float tensor (k/255).</summary>
    public static Tensor ReadWeights(string path, Device device)
    {
        var (width, height, gray) = PgmFile.Read(path);
        using var scope = NewDisposeScope();
        var t = tensor(gray, [1, 1, height, width]).to_type(ScalarType.Float32).div(255f);
        return (device.type == DeviceType.CPU ? t : t.to(device)).MoveToOuterDisposeScope();
    }
}
