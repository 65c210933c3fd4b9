#pragma warning disable CS8981 // `torch` is lowercase on purpose: TorchSharp's name, so switching is a namespace change.
using StyleFarm.Kernels.Native;
using StyleFarm.Kernels.Torch.Native;
using static StyleFarm.Kernels.Torch.Native.MathNative;

namespace StyleFarm.Kernels.Torch;

public static partial class torch
{
    // In-place updates: they change this tensor (every handle to it sees the change) and return it.
    public sealed partial class Tensor
    {
        /// <summary>this += alpha·other.</summary>
        public Tensor add_(Tensor other, Scalar? alpha = null) => InPlace(MathNative.InPlace.Add, other, alpha ?? 1, "add_");

        /// <summary>this += value.</summary>
        public Tensor add_(Scalar value) => InPlace(MathNative.InPlace.Add, value, "add_");

        /// <summary>this −= alpha·other.</summary>
        public Tensor sub_(Tensor other, Scalar? alpha = null) => InPlace(MathNative.InPlace.Sub, other, alpha ?? 1, "sub_");

        /// <summary>this −= value.</summary>
        public Tensor sub_(Scalar value) => InPlace(MathNative.InPlace.Sub, value, "sub_");

        /// <summary>this ·= other.</summary>
        public Tensor mul_(Tensor other) => InPlace(MathNative.InPlace.Mul, other, 1, "mul_");

        /// <summary>this ·= value.</summary>
        public Tensor mul_(Scalar value) => InPlace(MathNative.InPlace.Mul, value, "mul_");

        /// <summary>this /= other.</summary>
        public Tensor div_(Tensor other) => InPlace(MathNative.InPlace.Div, other, 1, "div_");

        /// <summary>this /= value.</summary>
        public Tensor div_(Scalar value) => InPlace(MathNative.InPlace.Div, value, "div_");

        /// <summary>this += value·tensor1·tensor2.</summary>
        public Tensor addcmul_(Tensor tensor1, Tensor tensor2, Scalar? value = null)
        {
            NativeError.Check(AddC(0, Handle, tensor1.Handle, tensor2.Handle, value ?? 1), "addcmul_");
            return this;
        }

        /// <summary>this += value·tensor1/tensor2.</summary>
        public Tensor addcdiv_(Tensor tensor1, Tensor tensor2, Scalar? value = null)
        {
            NativeError.Check(AddC(1, Handle, tensor1.Handle, tensor2.Handle, value ?? 1), "addcdiv_");
            return this;
        }

        /// <summary>Copies source's values (broadcast, converted to this dtype and device) into this.</summary>
        public Tensor copy_(Tensor source)
        {
            NativeError.Check(Copy(Handle, source.Handle), "copy_");
            return this;
        }

        /// <summary>Sets every element to 0.</summary>
        public Tensor zero_()
        {
            NativeError.Check(Zero(Handle), "zero_");
            return this;
        }

        /// <summary>Sets every element to value.</summary>
        public Tensor fill_(Scalar value)
        {
            NativeError.Check(Fill(Handle, value), "fill_");
            return this;
        }

        /// <summary>Clamps to [min, max] in place; either bound may be null, not both.</summary>
        public Tensor clamp_(Scalar? min = null, Scalar? max = null)
        {
            NativeError.Check(ClampInPlace(Handle, min ?? Scalar.None, max ?? Scalar.None), "clamp_");
            return this;
        }

        /// <summary>−this, in place.</summary>
        public Tensor neg_() => InPlace(Unary.Neg, "neg_");

        /// <summary>√this, in place.</summary>
        public Tensor sqrt_() => InPlace(Unary.Sqrt, "sqrt_");

        /// <summary>1/√this, in place.</summary>
        public Tensor rsqrt_() => InPlace(Unary.Rsqrt, "rsqrt_");

        /// <summary>e^this, in place.</summary>
        public Tensor exp_() => InPlace(Unary.Exp, "exp_");

        /// <summary>ln this, in place.</summary>
        public Tensor log_() => InPlace(Unary.Log, "log_");

        /// <summary>tanh, in place.</summary>
        public Tensor tanh_() => InPlace(Unary.Tanh, "tanh_");

        /// <summary>sigmoid, in place.</summary>
        public Tensor sigmoid_() => InPlace(Unary.Sigmoid, "sigmoid_");

        /// <summary>|this|, in place.</summary>
        public Tensor abs_() => InPlace(Unary.Abs, "abs_");

        /// <summary>sign, in place.</summary>
        public Tensor sign_() => InPlace(Unary.Sign, "sign_");

        /// <summary>max(this, 0), in place.</summary>
        public Tensor relu_() => InPlace(Unary.Relu, "relu_");

        /// <summary>this², in place.</summary>
        public Tensor square_() => InPlace(Unary.Square, "square_");

        /// <summary>1/this, in place.</summary>
        public Tensor reciprocal_() => InPlace(Unary.Reciprocal, "reciprocal_");

        /// <summary>Rounds down, in place.</summary>
        public Tensor floor_() => InPlace(Unary.Floor, "floor_");

        /// <summary>Rounds up, in place.</summary>
        public Tensor ceil_() => InPlace(Unary.Ceil, "ceil_");

        /// <summary>Rounds half to even, in place.</summary>
        public Tensor round_() => InPlace(Unary.Round, "round_");

        private Tensor InPlace(MathNative.InPlace op, Tensor other, Scalar alpha, string name)
        {
            NativeError.Check(InPlaceOp(op, Handle, other.Handle, alpha), name);
            return this;
        }

        private Tensor InPlace(MathNative.InPlace op, Scalar value, string name)
        {
            NativeError.Check(InPlaceScalar(op, Handle, value), name);
            return this;
        }

        private Tensor InPlace(Unary op, string name)
        {
            NativeError.Check(UnaryInPlace(op, Handle), name);
            return this;
        }
    }
}
