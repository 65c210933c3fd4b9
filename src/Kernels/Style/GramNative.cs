using System.Runtime.InteropServices;
using StyleFarm.Kernels.Native;
using StyleFarm.Kernels.Torch.Native;

namespace StyleFarm.Kernels.Style;

/// <summary>The Gram matrix entry points of the native shim (gram.cpp).</summary>
internal static partial class GramNative
{
    /// <summary>features (N, C, M) → alpha·F·Fᵀ (N, C, C), differentiable in F.</summary>
    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_gram")]
    public static partial int Gram(TensorHandle features, double alpha, out TensorHandle result);

    /// <summary>1 when float32 CPU Gram matrices use oneDNN's sgemm, 0 when they use at::matmul.</summary>
    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_gram_uses_onednn")]
    public static partial int UsesOneDnn();
}
