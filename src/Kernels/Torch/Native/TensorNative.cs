using System.Runtime.InteropServices;
using StyleFarm.Kernels.Native;

namespace StyleFarm.Kernels.Torch.Native;

/// <summary>Handle lifetime, metadata and host copies (handle.cpp, info.cpp, host.cpp).</summary>
internal static unsafe partial class TensorNative
{
    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_tensor_free")]
    public static partial void Free(IntPtr handle);

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_tensor_live_count")]
    public static partial long LiveCount();

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_tensor_dim")]
    public static partial int Dim(TensorHandle self, out long dim);

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_tensor_shape")]
    public static partial int Shape(TensorHandle self, long* shape, long capacity);

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_tensor_numel")]
    public static partial int Numel(TensorHandle self, out long numel);

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_tensor_dtype")]
    public static partial int DType(TensorHandle self, out int dtype);

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_tensor_device")]
    public static partial int Device(TensorHandle self, out int type, out int index);

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_tensor_requires_grad")]
    public static partial int RequiresGrad(TensorHandle self, out int requiresGrad);

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_tensor_is_leaf")]
    public static partial int IsLeaf(TensorHandle self, out int isLeaf);

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_tensor_from_host")]
    public static partial int FromHost(void* data, long count, int dtype, long* shape, long ndim, int deviceType,
        int deviceIndex, int requiresGrad, out TensorHandle result);

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_tensor_to_host")]
    public static partial int ToHost(TensorHandle self, void* data, long count, int dtype);

    /// <summary>dtype or deviceType −1 keeps the tensor's own.</summary>
    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_to")]
    public static partial int To(TensorHandle self, int dtype, int deviceType, int deviceIndex, out TensorHandle result);
}
