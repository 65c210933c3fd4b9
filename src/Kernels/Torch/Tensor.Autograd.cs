#pragma warning disable CS8981 // `torch` is lowercase on purpose: TorchSharp's name, so switching is a namespace change.
using StyleFarm.Kernels.Native;
using StyleFarm.Kernels.Torch.Native;
using static StyleFarm.Kernels.Torch.Native.AutogradNative;

namespace StyleFarm.Kernels.Torch;

public static partial class torch
{
    public sealed partial class Tensor
    {
        /// <summary>Whether autograd records operations on this tensor; settable on leaf tensors only.</summary>
        public bool requires_grad
        {
            get
            {
                NativeError.Check(TensorNative.RequiresGrad(Handle, out var flag), "requires_grad");
                return flag != 0;
            }
            set => requires_grad_(value);
        }

        /// <summary>Sets requires_grad and returns this tensor.</summary>
        public Tensor requires_grad_(bool requires_grad = true)
        {
            NativeError.Check(SetRequiresGrad(Handle, requires_grad ? 1 : 0), "requires_grad_");
            return this;
        }

        /// <summary>True for a tensor made by the user rather than by a recorded operation.</summary>
        public bool is_leaf
        {
            get
            {
                NativeError.Check(TensorNative.IsLeaf(Handle, out var flag), "is_leaf");
                return flag != 0;
            }
        }

        /// <summary>
        /// The accumulated gradient, or null before any backward reached this tensor. Each read gives a
        /// new Tensor object over the same gradient (zero_() on it clears the gradient); setting null
        /// drops the gradient, as `param.grad = None`.
        /// </summary>
        public Tensor? grad
        {
            get
            {
                var status = Grad(Handle, out var result);
                if (status == 0 && result.IsInvalid)
                {
                    result.SetHandleAsInvalid();
                    return null;
                }
                return Wrap(status, result, "grad");
            }
            set => NativeError.Check(SetGrad(Handle, value?.Handle ?? TensorHandle.Null), "grad");
        }

        /// <summary>Keeps the gradient of a non-leaf tensor after backward (leaves keep theirs anyway).</summary>
        public Tensor retain_grad()
        {
            NativeError.Check(RetainGrad(Handle), "retain_grad");
            return this;
        }

        /// <summary>Back-propagates from this scalar, accumulating into the leaves' grad.</summary>
        public void backward(bool retain_graph = false, bool create_graph = false) =>
            NativeError.Check(Backward(Handle, TensorHandle.Null, retain_graph ? 1 : 0, create_graph ? 1 : 0), "backward");

        /// <summary>Back-propagates <paramref name="gradient"/> (this tensor's shape) from this tensor.</summary>
        public void backward(Tensor gradient, bool retain_graph = false, bool create_graph = false) =>
            NativeError.Check(Backward(Handle, gradient.Handle, retain_graph ? 1 : 0, create_graph ? 1 : 0), "backward");
    }
}
