#pragma warning disable CS8981 // `torch` is lowercase on purpose: TorchSharp's name, so switching is a namespace change.
using StyleFarm.Kernels.Torch.Native;

namespace StyleFarm.Kernels.Torch;

public static partial class torch
{
    /// <summary>Joins tensors along an existing dimension.</summary>
    public static Tensor cat(IList<Tensor> tensors, long dim = 0) => Join(0, tensors, dim, "cat");

    /// <summary>Joins tensors along a new dimension.</summary>
    public static Tensor stack(IList<Tensor> tensors, long dim = 0) => Join(1, tensors, dim, "stack");

    /// <summary>x where <paramref name="condition"/> (a bool tensor) holds, else y, with broadcasting.</summary>
    public static Tensor where(Tensor condition, Tensor x, Tensor y) =>
        Tensor.Wrap(MathNative.Where(condition.Handle, x.Handle, y.Handle, out var r), r, "where");

    /// <summary>The elementwise larger of two tensors.</summary>
    public static Tensor maximum(Tensor input, Tensor other) => input.maximum(other);

    /// <summary>The elementwise smaller of two tensors.</summary>
    public static Tensor minimum(Tensor input, Tensor other) => input.minimum(other);

    /// <summary>The matrix product with broadcasting over batch dimensions.</summary>
    public static Tensor matmul(Tensor input, Tensor other) => input.matmul(other);

    /// <summary>The matrix product of two 2-D tensors.</summary>
    public static Tensor mm(Tensor input, Tensor mat2) => input.mm(mat2);

    /// <summary>Batched matrix product of (b, n, m) and (b, m, p).</summary>
    public static Tensor bmm(Tensor input, Tensor mat2) => input.bmm(mat2);

    /// <summary>The inner product of two 1-D tensors.</summary>
    public static Tensor dot(Tensor input, Tensor other) => input.dot(other);

    /// <summary>A view with two dimensions swapped.</summary>
    public static Tensor transpose(Tensor input, long dim0, long dim1) => input.transpose(dim0, dim1);

    /// <summary>Clamps to [min, max]; either bound may be null, not both.</summary>
    public static Tensor clamp(Tensor input, Scalar? min = null, Scalar? max = null) => input.clamp(min, max);

    private static unsafe Tensor Join(int op, IList<Tensor> tensors, long dim, string name)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Count == 0) throw new ArgumentException($"{name} needs at least one tensor", nameof(tensors));
        var handles = new TensorHandle[tensors.Count];
        var pointers = new IntPtr[tensors.Count];
        var added = 0;
        try
        {
            // Raw pointers cross the boundary, so hold a reference on each handle for the call.
            for (; added < handles.Length; added++)
            {
                handles[added] = tensors[added].Handle;
                var ok = false;
                handles[added].DangerousAddRef(ref ok);
                pointers[added] = handles[added].DangerousGetHandle();
            }
            fixed (IntPtr* p = pointers)
                return Tensor.Wrap(ShapeNative.Join(op, p, pointers.Length, dim, out var r), r, name);
        }
        finally
        {
            for (var i = 0; i < added; i++) handles[i].DangerousRelease();
        }
    }
}
