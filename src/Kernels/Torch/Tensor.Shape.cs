#pragma warning disable CS8981 // `torch` is lowercase on purpose: TorchSharp's name, so switching is a namespace change.
using StyleFarm.Kernels.Torch.Native;
using static StyleFarm.Kernels.Torch.Native.ShapeNative;

namespace StyleFarm.Kernels.Torch;

public static partial class torch
{
    // Views (sharing memory with this tensor) and copies that change shape or layout.
    public sealed partial class Tensor
    {
        /// <summary>A view with another shape (one size may be −1); needs compatible strides, else use reshape.</summary>
        public Tensor view(params long[] shape) => Resize(ShapeNative.Resize.View, shape, "view");

        /// <summary>The same elements with another shape (a view when possible, else a copy).</summary>
        public Tensor reshape(params long[] shape) => Resize(ShapeNative.Resize.Reshape, shape, "reshape");

        /// <summary>A view with the dimensions reordered (e.g. HWC → CHW with permute(2, 0, 1)).</summary>
        public Tensor permute(params long[] permutation) => Resize(ShapeNative.Resize.Permute, permutation, "permute");

        /// <summary>A view repeating size-1 dimensions to the given sizes (−1 keeps a size).</summary>
        public Tensor expand(params long[] sizes) => Resize(ShapeNative.Resize.Expand, sizes, "expand");

        /// <summary>A view of <paramref name="length"/> entries of <paramref name="dim"/> from <paramref name="start"/>.</summary>
        public Tensor narrow(long dim, long start, long length) =>
            Wrap(Narrow(Handle, dim, start, length, out var r), r, "narrow");

        /// <summary>Removes every size-1 dimension, or only <paramref name="dim"/> when given.</summary>
        public Tensor squeeze(long? dim = null) => dim is { } d
            ? Wrap(DimOp(0, Handle, d, out var r), r, "squeeze")
            : CopyLike(Copy.Squeeze, "squeeze");

        /// <summary>Inserts a size-1 dimension at <paramref name="dim"/>.</summary>
        public Tensor unsqueeze(long dim) => Wrap(DimOp(1, Handle, dim, out var r), r, "unsqueeze");

        /// <summary>Merges dimensions start_dim..end_dim into one.</summary>
        public Tensor flatten(long start_dim = 0, long end_dim = -1) =>
            Wrap(Flatten(Handle, start_dim, end_dim, out var r), r, "flatten");

        /// <summary>A view with two dimensions swapped.</summary>
        public Tensor transpose(long dim0, long dim1) => Wrap(Transpose(Handle, dim0, dim1, out var r), r, "transpose");

        /// <summary>The transpose of a tensor of at most 2 dimensions.</summary>
        public Tensor t() => CopyLike(Copy.T, "t");

        /// <summary>The same values in row-major memory (this tensor's memory when already so).</summary>
        public Tensor contiguous() => CopyLike(Copy.Contiguous, "contiguous");

        /// <summary>A copy with its own memory (autograd still flows back to this tensor).</summary>
        public Tensor clone() => CopyLike(Copy.Clone, "clone");

        /// <summary>The same memory, cut out of the autograd graph.</summary>
        public Tensor detach() => CopyLike(Copy.Detach, "detach");

        /// <summary>A second Tensor object for the same tensor (disposed independently of this one).</summary>
        public Tensor alias() => CopyLike(Copy.Alias, "alias");

        /// <summary>The entries of <paramref name="dim"/> listed by the int64 tensor <paramref name="index"/>.</summary>
        public Tensor index_select(long dim, Tensor index) =>
            Wrap(IndexSelect(Handle, dim, index.Handle, out var r), r, "index_select");

        private unsafe Tensor Resize(ShapeNative.Resize op, long[] sizes, string name)
        {
            ArgumentNullException.ThrowIfNull(sizes);
            fixed (long* s = sizes) return Wrap(ResizeOp(op, Handle, s, sizes.Length, out var r), r, name);
        }

        private Tensor CopyLike(Copy op, string name) => Wrap(CopyOp(op, Handle, out var r), r, name);
    }
}
