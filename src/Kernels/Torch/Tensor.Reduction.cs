#pragma warning disable CS8981 // `torch` is lowercase on purpose: TorchSharp's name, so switching is a namespace change.
using StyleFarm.Kernels.Torch.Native;
using static StyleFarm.Kernels.Torch.Native.MathNative;

namespace StyleFarm.Kernels.Torch;

public static partial class torch
{
    // Reductions (to a 0-dim tensor, or over dimensions) and the vector/matrix products.
    public sealed partial class Tensor
    {
        /// <summary>The sum of all elements (a 0-dim tensor).</summary>
        public Tensor sum() => All(Reduce.Sum, "sum");

        /// <summary>The sums over <paramref name="dim"/>.</summary>
        public Tensor sum(long dim, bool keepdim = false) => sum([dim], keepdim);

        /// <summary>The sums over the given dimensions.</summary>
        public Tensor sum(long[] dim, bool keepdim = false) => Over(Reduce.Sum, dim, keepdim, "sum");

        /// <summary>The mean of all elements (a 0-dim tensor).</summary>
        public Tensor mean() => All(Reduce.Mean, "mean");

        /// <summary>The means over <paramref name="dim"/>.</summary>
        public Tensor mean(long dim, bool keepdim = false) => mean([dim], keepdim);

        /// <summary>The means over the given dimensions.</summary>
        public Tensor mean(long[] dim, bool keepdim = false) => Over(Reduce.Mean, dim, keepdim, "mean");

        /// <summary>The largest element (a 0-dim tensor).</summary>
        public Tensor max() => All(Reduce.Max, "max");

        /// <summary>The smallest element (a 0-dim tensor).</summary>
        public Tensor min() => All(Reduce.Min, "min");

        /// <summary>The largest values over <paramref name="dim"/>.</summary>
        public Tensor amax(long dim, bool keepdim = false) => amax([dim], keepdim);

        /// <summary>The largest values over the given dimensions.</summary>
        public Tensor amax(long[] dims, bool keepdim = false) => Over(Reduce.Max, dims, keepdim, "amax");

        /// <summary>The smallest values over <paramref name="dim"/>.</summary>
        public Tensor amin(long dim, bool keepdim = false) => amin([dim], keepdim);

        /// <summary>The smallest values over the given dimensions.</summary>
        public Tensor amin(long[] dims, bool keepdim = false) => Over(Reduce.Min, dims, keepdim, "amin");

        /// <summary>
        /// The p-norm (default: L2) of all elements, as one vector. As in TorchSharp, norm(1) picks the dim
        /// overload: write norm(1.0) or norm(p: 1) for the L1 norm.
        /// </summary>
        public unsafe Tensor norm(double p = 2) =>
            Wrap(Norm(Handle, p, null, 0, 0, out var r), r, "norm");

        /// <summary>The p-norms over <paramref name="dim"/>.</summary>
        public Tensor norm(long dim, bool keepdim = false, double p = 2) => norm([dim], keepdim, p);

        /// <summary>The p-norms over the given dimensions.</summary>
        public unsafe Tensor norm(long[] dims, bool keepdim = false, double p = 2)
        {
            RequireDims(dims, "norm");
            fixed (long* d = dims) return Wrap(Norm(Handle, p, d, dims.Length, keepdim ? 1 : 0, out var r), r, "norm");
        }

        /// <summary>The inner product of two 1-D tensors.</summary>
        public Tensor dot(Tensor other) => Product(MathNative.Product.Dot, other, "dot");

        /// <summary>The matrix product of two 2-D tensors.</summary>
        public Tensor mm(Tensor other) => Product(MathNative.Product.Mm, other, "mm");

        /// <summary>The matrix product with broadcasting over batch dimensions (as torch.matmul).</summary>
        public Tensor matmul(Tensor other) => Product(MathNative.Product.Matmul, other, "matmul");

        /// <summary>Batched matrix product of (b, n, m) and (b, m, p).</summary>
        public Tensor bmm(Tensor other) => Product(MathNative.Product.Bmm, other, "bmm");

        private Tensor All(Reduce op, string name) => Wrap(ReduceAll(op, Handle, out var r), r, name);

        private unsafe Tensor Over(Reduce op, long[] dims, bool keepdim, string name)
        {
            RequireDims(dims, name);
            fixed (long* d = dims) return Wrap(ReduceDims(op, Handle, d, dims.Length, keepdim ? 1 : 0, out var r), r, name);
        }

        private Tensor Product(MathNative.Product op, Tensor other, string name) =>
            Wrap(ProductOp(op, Handle, other.Handle, out var r), r, name);

        private static void RequireDims(long[] dims, string name)
        {
            ArgumentNullException.ThrowIfNull(dims);
            // An empty list means "all dimensions" to some ATen versions and "none" to others: be explicit.
            if (dims.Length == 0)
                throw new ArgumentException($"{name} over dimensions needs at least one; call {name}() to reduce all", nameof(dims));
        }
    }
}
