#pragma warning disable CS8981 // `torch` is lowercase on purpose: TorchSharp's name, so switching is a namespace change.
using static StyleFarm.Kernels.Torch.Native.MathNative;

namespace StyleFarm.Kernels.Torch;

public static partial class torch
{
    // C# operators, as TorchSharp defines them; each returns a new tensor (dispose it or scope it).
    public sealed partial class Tensor
    {
        public static Tensor operator +(Tensor left, Tensor right) => left.add(right);
        public static Tensor operator +(Tensor left, Scalar right) => left.add(right);
        public static Tensor operator +(Scalar left, Tensor right) => ApplyScalarFirst(Binary.Add, left, right, "add");
        public static Tensor operator -(Tensor left, Tensor right) => left.sub(right);
        public static Tensor operator -(Tensor left, Scalar right) => left.sub(right);
        public static Tensor operator -(Scalar left, Tensor right) => ApplyScalarFirst(Binary.Sub, left, right, "sub");
        public static Tensor operator *(Tensor left, Tensor right) => left.mul(right);
        public static Tensor operator *(Tensor left, Scalar right) => left.mul(right);
        public static Tensor operator *(Scalar left, Tensor right) => ApplyScalarFirst(Binary.Mul, left, right, "mul");
        public static Tensor operator /(Tensor left, Tensor right) => left.div(right);
        public static Tensor operator /(Tensor left, Scalar right) => left.div(right);
        public static Tensor operator /(Scalar left, Tensor right) => ApplyScalarFirst(Binary.Div, left, right, "div");
        public static Tensor operator -(Tensor tensor) => tensor.neg();
    }
}
