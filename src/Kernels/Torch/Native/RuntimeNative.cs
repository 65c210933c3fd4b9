using System.Runtime.InteropServices;
using StyleFarm.Kernels.Native;

namespace StyleFarm.Kernels.Torch.Native;

/// <summary>Devices, CPU threads and the random seed (runtime.cpp).</summary>
internal static partial class RuntimeNative
{
    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_cuda_is_available")]
    public static partial int CudaIsAvailable();

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_cuda_device_count")]
    public static partial int CudaDeviceCount();

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_set_num_threads")]
    public static partial int SetNumThreads(int threads);

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_get_num_threads")]
    public static partial int GetNumThreads();

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_manual_seed")]
    public static partial int ManualSeed(long seed);
}
