using System.Runtime.InteropServices;
using StyleFarm.Kernels.Native;

namespace StyleFarm.Kernels.Torch.Native;

/// <summary>Views, copies and joins (shape.cpp).</summary>
internal static unsafe partial class ShapeNative
{
    /// <summary>The codes sf_reshape dispatches on.</summary>
    public enum Resize { View = 0, Reshape = 1, Permute = 2, Expand = 3 }

    /// <summary>The codes sf_copy_op dispatches on.</summary>
    public enum Copy { Contiguous = 0, Clone = 1, Detach = 2, T = 3, Squeeze = 4, Alias = 5 }

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_reshape")]
    public static partial int ResizeOp(Resize op, TensorHandle self, long* sizes, long n, out TensorHandle result);

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_copy_op")]
    public static partial int CopyOp(Copy op, TensorHandle self, out TensorHandle result);

    /// <summary>op 0 squeeze(dim), 1 unsqueeze(dim).</summary>
    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_dim_op")]
    public static partial int DimOp(int op, TensorHandle self, long dim, out TensorHandle result);

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_transpose")]
    public static partial int Transpose(TensorHandle self, long dim0, long dim1, out TensorHandle result);

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_flatten")]
    public static partial int Flatten(TensorHandle self, long startDim, long endDim, out TensorHandle result);

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_narrow")]
    public static partial int Narrow(TensorHandle self, long dim, long start, long length, out TensorHandle result);

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_index_select")]
    public static partial int IndexSelect(TensorHandle self, long dim, TensorHandle index, out TensorHandle result);

    /// <summary>op 0 cat, 1 stack; tensors are raw handles the caller keeps add-ref'd.</summary>
    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_join")]
    public static partial int Join(int op, IntPtr* tensors, long count, long dim, out TensorHandle result);
}
