using System.Runtime.InteropServices;

namespace StyleFarm.Kernels.Torch.Native;

/// <summary>
/// Owns one native sf_tensor (a heap-allocated at::Tensor). Released exactly once, by Dispose or,
/// for a tensor nobody disposed, by the finalizer; P/Invoke add-refs it for the length of each call.
/// </summary>
internal sealed class TensorHandle : SafeHandle
{
    /// <summary>Made by the P/Invoke marshaller for out-parameters.</summary>
    public TensorHandle() : base(IntPtr.Zero, ownsHandle: true) { }

    /// <summary>Passes a null pointer where an optional tensor (a bias, a gradient) is absent.</summary>
    public static TensorHandle Null { get; } = new();

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        TensorNative.Free(handle);
        return true;
    }
}
