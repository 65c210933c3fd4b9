using System.Runtime.InteropServices;
using StyleFarm.Kernels.Native;

namespace StyleFarm.Kernels.Torch.Native;

/// <summary>Autograd flags, backward, gradients and the thread's grad mode (autograd.cpp).</summary>
internal static partial class AutogradNative
{
    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_requires_grad_")]
    public static partial int SetRequiresGrad(TensorHandle self, int requiresGrad);

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_backward")]
    public static partial int Backward(TensorHandle self, TensorHandle gradient, int retainGraph, int createGraph);

    /// <summary>The result is an invalid (null) handle when the tensor has no gradient.</summary>
    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_grad")]
    public static partial int Grad(TensorHandle self, out TensorHandle result);

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_set_grad")]
    public static partial int SetGrad(TensorHandle self, TensorHandle grad);

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_retain_grad")]
    public static partial int RetainGrad(TensorHandle self);

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_is_grad_enabled")]
    public static partial int IsGradEnabled();

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_set_grad_enabled")]
    public static partial void SetGradEnabled(int enabled);
}
