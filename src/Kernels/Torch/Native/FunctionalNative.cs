using System.Runtime.InteropServices;
using StyleFarm.Kernels.Native;

namespace StyleFarm.Kernels.Torch.Native;

/// <summary>torch.nn.functional (nn.cpp). Every size argument is an (h, w) pair.</summary>
internal static unsafe partial class FunctionalNative
{
    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_conv2d")]
    public static partial int Conv2d(TensorHandle input, TensorHandle weight, TensorHandle bias, long* stride,
        long* padding, long* dilation, long groups, out TensorHandle result);

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_max_pool2d")]
    public static partial int MaxPool2d(TensorHandle input, long* kernel, long* stride, long* padding,
        long* dilation, int ceilMode, out TensorHandle result);

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_avg_pool2d")]
    public static partial int AvgPool2d(TensorHandle input, long* kernel, long* stride, long* padding, int ceilMode,
        int countIncludePad, long divisorOverride, out TensorHandle result);

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_instance_norm")]
    public static partial int InstanceNorm(TensorHandle input, TensorHandle runningMean, TensorHandle runningVar,
        TensorHandle weight, TensorHandle bias, int useInputStats, double momentum, double eps,
        out TensorHandle result);

    /// <summary>mode 0 nearest, 1 bilinear; scales ≤ 0 mean "from the size".</summary>
    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_upsample2d")]
    public static partial int Upsample2d(TensorHandle input, int mode, long outH, long outW, int alignCorners,
        double scaleH, double scaleW, out TensorHandle result);

    /// <summary>mode 0 constant, 1 reflect, 2 replicate.</summary>
    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_pad")]
    public static partial int Pad(TensorHandle input, long* pads, long npads, int mode, double value,
        out TensorHandle result);

    /// <summary>interpolation 0 bilinear, 1 nearest; padding 0 zeros, 1 border, 2 reflection.</summary>
    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_grid_sample")]
    public static partial int GridSample(TensorHandle input, TensorHandle grid, int interpolation, int padding,
        int alignCorners, out TensorHandle result);

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_mse_loss")]
    public static partial int MseLoss(TensorHandle input, TensorHandle target, int reduction, out TensorHandle result);
}
