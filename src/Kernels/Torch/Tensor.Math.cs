#pragma warning disable CS8981 // `torch` is lowercase on purpose: TorchSharp's name, so switching is a namespace change.
using StyleFarm.Kernels.Torch.Native;
using static StyleFarm.Kernels.Torch.Native.MathNative;

namespace StyleFarm.Kernels.Torch;

public static partial class torch
{
    // Elementwise math with broadcasting; every method returns a new tensor.
    public sealed partial class Tensor
    {
        /// <summary>this + other.</summary>
        public Tensor add(Tensor other) => Apply(Binary.Add, other, "add");

        /// <summary>this + alpha·other.</summary>
        public Tensor add(Tensor other, Scalar alpha) =>
            Wrap(AddScaled(0, Handle, other.Handle, alpha, out var r), r, "add");

        /// <summary>this + value.</summary>
        public Tensor add(Scalar value) => Apply(Binary.Add, value, "add");

        /// <summary>this − other.</summary>
        public Tensor sub(Tensor other) => Apply(Binary.Sub, other, "sub");

        /// <summary>this − alpha·other.</summary>
        public Tensor sub(Tensor other, Scalar alpha) =>
            Wrap(AddScaled(1, Handle, other.Handle, alpha, out var r), r, "sub");

        /// <summary>this − value.</summary>
        public Tensor sub(Scalar value) => Apply(Binary.Sub, value, "sub");

        /// <summary>this · other.</summary>
        public Tensor mul(Tensor other) => Apply(Binary.Mul, other, "mul");

        /// <summary>this · value.</summary>
        public Tensor mul(Scalar value) => Apply(Binary.Mul, value, "mul");

        /// <summary>this / other (true division: integers give float).</summary>
        public Tensor div(Tensor other) => Apply(Binary.Div, other, "div");

        /// <summary>this / value (true division).</summary>
        public Tensor div(Scalar value) => Apply(Binary.Div, value, "div");

        /// <summary>this ^ exponent, elementwise.</summary>
        public Tensor pow(Tensor exponent) => Apply(Binary.Pow, exponent, "pow");

        /// <summary>this ^ exponent.</summary>
        public Tensor pow(Scalar exponent) => Apply(Binary.Pow, exponent, "pow");

        /// <summary>The elementwise larger of this and other.</summary>
        public Tensor maximum(Tensor other) => Apply(Binary.Maximum, other, "maximum");

        /// <summary>The elementwise smaller of this and other.</summary>
        public Tensor minimum(Tensor other) => Apply(Binary.Minimum, other, "minimum");

        /// <summary>this &gt; other (a bool tensor).</summary>
        public Tensor gt(Tensor other) => Apply(Binary.Gt, other, "gt");

        /// <summary>this &gt; value (a bool tensor).</summary>
        public Tensor gt(Scalar value) => Apply(Binary.Gt, value, "gt");

        /// <summary>this &lt; other (a bool tensor).</summary>
        public Tensor lt(Tensor other) => Apply(Binary.Lt, other, "lt");

        /// <summary>this &lt; value (a bool tensor).</summary>
        public Tensor lt(Scalar value) => Apply(Binary.Lt, value, "lt");

        /// <summary>this ≥ other (a bool tensor).</summary>
        public Tensor ge(Tensor other) => Apply(Binary.Ge, other, "ge");

        /// <summary>this ≥ value (a bool tensor).</summary>
        public Tensor ge(Scalar value) => Apply(Binary.Ge, value, "ge");

        /// <summary>this ≤ other (a bool tensor).</summary>
        public Tensor le(Tensor other) => Apply(Binary.Le, other, "le");

        /// <summary>this ≤ value (a bool tensor).</summary>
        public Tensor le(Scalar value) => Apply(Binary.Le, value, "le");

        /// <summary>this == other (a bool tensor).</summary>
        public Tensor eq(Tensor other) => Apply(Binary.Eq, other, "eq");

        /// <summary>this == value (a bool tensor).</summary>
        public Tensor eq(Scalar value) => Apply(Binary.Eq, value, "eq");

        /// <summary>this != other (a bool tensor).</summary>
        public Tensor ne(Tensor other) => Apply(Binary.Ne, other, "ne");

        /// <summary>this != value (a bool tensor).</summary>
        public Tensor ne(Scalar value) => Apply(Binary.Ne, value, "ne");

        /// <summary>−this.</summary>
        public Tensor neg() => Apply(Unary.Neg, "neg");

        /// <summary>√this.</summary>
        public Tensor sqrt() => Apply(Unary.Sqrt, "sqrt");

        /// <summary>1/√this.</summary>
        public Tensor rsqrt() => Apply(Unary.Rsqrt, "rsqrt");

        /// <summary>e^this.</summary>
        public Tensor exp() => Apply(Unary.Exp, "exp");

        /// <summary>The natural logarithm.</summary>
        public Tensor log() => Apply(Unary.Log, "log");

        /// <summary>The hyperbolic tangent.</summary>
        public Tensor tanh() => Apply(Unary.Tanh, "tanh");

        /// <summary>1 / (1 + e^−this).</summary>
        public Tensor sigmoid() => Apply(Unary.Sigmoid, "sigmoid");

        /// <summary>|this|.</summary>
        public Tensor abs() => Apply(Unary.Abs, "abs");

        /// <summary>−1, 0 or 1 by the sign of each element.</summary>
        public Tensor sign() => Apply(Unary.Sign, "sign");

        /// <summary>max(this, 0).</summary>
        public Tensor relu() => Apply(Unary.Relu, "relu");

        /// <summary>this².</summary>
        public Tensor square() => Apply(Unary.Square, "square");

        /// <summary>1/this.</summary>
        public Tensor reciprocal() => Apply(Unary.Reciprocal, "reciprocal");

        /// <summary>Rounds down.</summary>
        public Tensor floor() => Apply(Unary.Floor, "floor");

        /// <summary>Rounds up.</summary>
        public Tensor ceil() => Apply(Unary.Ceil, "ceil");

        /// <summary>Rounds half to even, as torch.round.</summary>
        public Tensor round() => Apply(Unary.Round, "round");

        /// <summary>Clamps to [min, max]; either bound may be null, not both.</summary>
        public Tensor clamp(Scalar? min = null, Scalar? max = null) =>
            Wrap(Clamp(Handle, min ?? Scalar.None, max ?? Scalar.None, out var r), r, "clamp");

        /// <summary>Clamps from below.</summary>
        public Tensor clamp_min(Scalar min) => clamp(min, null);

        /// <summary>Clamps from above.</summary>
        public Tensor clamp_max(Scalar max) => clamp(null, max);

        /// <summary>this where <paramref name="condition"/> holds, else <paramref name="other"/> (TorchSharp's x.where(cond, y)).</summary>
        public Tensor where(Tensor condition, Tensor other) => torch.where(condition, this, other);

        private Tensor Apply(Unary op, string name) => Wrap(UnaryOp(op, Handle, out var r), r, name);

        private Tensor Apply(Binary op, Tensor other, string name) =>
            Wrap(BinaryOp(op, Handle, other.Handle, out var r), r, name);

        private Tensor Apply(Binary op, Scalar value, string name) =>
            Wrap(BinaryScalar(op, Handle, value, 0, out var r), r, name);

        /// <summary>value op tensor (for 1 − x, 2 / x).</summary>
        internal static Tensor ApplyScalarFirst(Binary op, Scalar value, Tensor tensor, string name) =>
            Wrap(BinaryScalar(op, tensor.Handle, value, 1, out var r), r, name);
    }
}
