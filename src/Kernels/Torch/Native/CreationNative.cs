using System.Runtime.InteropServices;
using StyleFarm.Kernels.Native;

namespace StyleFarm.Kernels.Torch.Native;

/// <summary>Factory functions (creation.cpp).</summary>
internal static unsafe partial class CreationNative
{
    /// <summary>The factories sf_factory and sf_factory_like dispatch on.</summary>
    public enum Fill { Zeros = 0, Ones = 1, Empty = 2, Randn = 3, Rand = 4 }

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_factory")]
    public static partial int Factory(Fill kind, long* shape, long ndim, int dtype, int deviceType, int deviceIndex,
        int requiresGrad, out TensorHandle result);

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_factory_like")]
    public static partial int FactoryLike(Fill kind, TensorHandle like, int dtype, int deviceType, int deviceIndex,
        int requiresGrad, out TensorHandle result);

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_full")]
    public static partial int Full(long* shape, long ndim, Scalar value, int dtype, int deviceType, int deviceIndex,
        int requiresGrad, out TensorHandle result);

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_arange")]
    public static partial int Arange(Scalar start, Scalar end, Scalar step, int dtype, int deviceType,
        int deviceIndex, int requiresGrad, out TensorHandle result);

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_linspace")]
    public static partial int Linspace(double start, double end, long steps, int dtype, int deviceType,
        int deviceIndex, int requiresGrad, out TensorHandle result);
}
