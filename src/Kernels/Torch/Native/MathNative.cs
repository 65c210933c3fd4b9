using System.Runtime.InteropServices;
using StyleFarm.Kernels.Native;

namespace StyleFarm.Kernels.Torch.Native;

/// <summary>Elementwise math, in-place updates, reductions and products (elementwise.cpp, inplace.cpp, reduction.cpp).</summary>
internal static unsafe partial class MathNative
{
    /// <summary>The codes sf_unary and sf_unary_ dispatch on.</summary>
    public enum Unary
    {
        Neg = 0, Sqrt = 1, Rsqrt = 2, Exp = 3, Log = 4, Tanh = 5, Sigmoid = 6, Abs = 7, Sign = 8, Relu = 9,
        Square = 10, Reciprocal = 11, Floor = 12, Ceil = 13, Round = 14,
    }

    /// <summary>The codes sf_binary and sf_binary_scalar dispatch on (Maximum/Minimum: tensors only).</summary>
    public enum Binary
    {
        Add = 0, Sub = 1, Mul = 2, Div = 3, Pow = 4, Maximum = 5, Minimum = 6,
        Gt = 7, Lt = 8, Ge = 9, Le = 10, Eq = 11, Ne = 12,
    }

    /// <summary>The codes sf_inplace and sf_inplace_scalar dispatch on.</summary>
    public enum InPlace { Add = 0, Sub = 1, Mul = 2, Div = 3 }

    /// <summary>The codes sf_reduce_all and sf_reduce_dims dispatch on (Max/Min are amax/amin over dims).</summary>
    public enum Reduce { Sum = 0, Mean = 1, Max = 2, Min = 3 }

    /// <summary>The codes sf_product dispatches on.</summary>
    public enum Product { Mm = 0, Matmul = 1, Bmm = 2, Dot = 3 }

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_unary")]
    public static partial int UnaryOp(Unary op, TensorHandle x, out TensorHandle result);

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_unary_")]
    public static partial int UnaryInPlace(Unary op, TensorHandle x);

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_binary")]
    public static partial int BinaryOp(Binary op, TensorHandle a, TensorHandle b, out TensorHandle result);

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_binary_scalar")]
    public static partial int BinaryScalar(Binary op, TensorHandle a, Scalar b, int scalarFirst, out TensorHandle result);

    /// <summary>op 0: a + alpha·b; op 1: a − alpha·b.</summary>
    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_add_scaled")]
    public static partial int AddScaled(int op, TensorHandle a, TensorHandle b, Scalar alpha, out TensorHandle result);

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_clamp")]
    public static partial int Clamp(TensorHandle x, Scalar min, Scalar max, out TensorHandle result);

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_where")]
    public static partial int Where(TensorHandle condition, TensorHandle x, TensorHandle y, out TensorHandle result);

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_inplace")]
    public static partial int InPlaceOp(InPlace op, TensorHandle self, TensorHandle other, Scalar alpha);

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_inplace_scalar")]
    public static partial int InPlaceScalar(InPlace op, TensorHandle self, Scalar value);

    /// <summary>op 0 addcmul_, 1 addcdiv_.</summary>
    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_addc_")]
    public static partial int AddC(int op, TensorHandle self, TensorHandle tensor1, TensorHandle tensor2, Scalar value);

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_copy_")]
    public static partial int Copy(TensorHandle self, TensorHandle source);

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_zero_")]
    public static partial int Zero(TensorHandle self);

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_fill_")]
    public static partial int Fill(TensorHandle self, Scalar value);

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_clamp_")]
    public static partial int ClampInPlace(TensorHandle self, Scalar min, Scalar max);

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_reduce_all")]
    public static partial int ReduceAll(Reduce op, TensorHandle self, out TensorHandle result);

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_reduce_dims")]
    public static partial int ReduceDims(Reduce op, TensorHandle self, long* dims, long ndims, int keepdim,
        out TensorHandle result);

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_norm")]
    public static partial int Norm(TensorHandle self, double p, long* dims, long ndims, int keepdim,
        out TensorHandle result);

    [LibraryImport(NativeLibraryResolver.LibraryName, EntryPoint = "sf_product")]
    public static partial int ProductOp(Product op, TensorHandle a, TensorHandle b, out TensorHandle result);
}
