using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Tests.Torch;

public class ArithmeticTests
{
    [Fact]
    public void BinaryOpsBroadcastARowOverAMatrix()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new[] { 1f, 2, 3, 4, 5, 6 }, [2, 3]);
        var b = tensor(new[] { 1f, 2, 4 });

        TensorAssert.Equal([2, 3], [2, 4, 7, 5, 7, 10], a.add(b));
        TensorAssert.Equal([2, 3], [0, 0, -1, 3, 3, 2], a.sub(b));
        TensorAssert.Equal([2, 3], [1, 4, 12, 4, 10, 24], a.mul(b));
        TensorAssert.Equal([2, 3], [1, 1, 0.75f, 4, 2.5f, 1.5f], a.div(b));
        TensorAssert.Equal([2, 3], [1, 4, 81, 4, 25, 1296], a.pow(b));
        TensorAssert.Equal([2, 3], [-1, -2, -5, 2, 1, -2], a.sub(b.mul(2)));
        TensorAssert.Equal([2, 3], [1.5f, 3, 5, 4.5f, 6, 8], a.add(b, 0.5));
    }

    [Fact]
    public void OperatorsTakeTensorsAndScalarsOnEitherSide()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new[] { 1f, 2, 4 });
        var b = tensor(new[] { 3f, 3, 3 });
        TensorAssert.Equal([3], [4, 5, 7], a + b);
        TensorAssert.Equal([3], [-2, -1, 1], a - b);
        TensorAssert.Equal([3], [3, 6, 12], a * b);
        TensorAssert.Equal([3], [2, 4, 8], a * 2);
        TensorAssert.Equal([3], [3, 4, 6], 2 + a);
        TensorAssert.Equal([3], [0, -1, -3], 1 - a);
        TensorAssert.Equal([3], [8, 4, 2], 8 / a);
        TensorAssert.Equal([3], [0.5f, 1, 2], a / 2);
        TensorAssert.Equal([3], [3, 6, 12], 3.0 * a);
        TensorAssert.Equal([3], [-1, -2, -4], -a);
    }

    [Fact]
    public void IntegralScalarsKeepIntegerTensorsIntegralAndFloatScalarsPromote()
    {
        using var scope = NewDisposeScope();
        var n = tensor(new[] { 1L, 2L });
        Assert.Equal(new[] { 2L, 3L }, (n + 1).data<long>().ToArray());
        var promoted = n + 0.5;
        Assert.Equal(ScalarType.Float32, promoted.dtype);
        Assert.Equal(new[] { 1.5f, 2.5f }, promoted.data<float>().ToArray());
        Assert.Equal(new[] { 0.5f, 1f }, (n / 2).data<float>().ToArray());
        Assert.Equal(new[] { 9L, 8L }, (10 - n).data<long>().ToArray());
    }

    [Fact]
    public void UnaryFunctionsGiveTheirExactValues()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new[] { 4f, 0.25f, 1f });
        TensorAssert.Equal([3], [2, 0.5f, 1], x.sqrt());
        TensorAssert.Equal([3], [0.5f, 2, 1], x.rsqrt());
        TensorAssert.Equal([3], [16, 0.0625f, 1], x.square());
        TensorAssert.Equal([3], [0.25f, 4, 1], x.reciprocal());
        var s = tensor(new[] { -2f, 0f, 3f });
        TensorAssert.Equal([3], [2, 0, 3], s.abs());
        TensorAssert.Equal([3], [-1, 0, 1], s.sign());
        TensorAssert.Equal([3], [2, -0f, -3], s.neg());
        TensorAssert.Equal([3], [0, 0, 3], s.relu());
        var zero = zeros([1]);
        TensorAssert.Equal([1], [1], zero.exp());
        TensorAssert.Equal([1], [0], ones([1]).log());
        TensorAssert.Equal([1], [0], zero.tanh());
        TensorAssert.Equal([1], [0.5f], zero.sigmoid());
        var r = tensor(new[] { 2.5f, -1.5f, 0.4f, 3.5f });
        TensorAssert.Equal([4], [2, -2, 0, 4], r.round());
        TensorAssert.Equal([4], [2, -2, 0, 3], r.floor());
        TensorAssert.Equal([4], [3, -1, 1, 4], r.ceil());
        TensorAssert.Close([(float)Math.Tanh(0.5), (float)(1 / (1 + Math.Exp(-0.5)))],
            cat([tensor(new[] { 0.5f }).tanh(), tensor(new[] { 0.5f }).sigmoid()]), 1e-7);
    }

    [Fact]
    public void ClampMaximumMinimumAndWhereSelectElementwise()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new[] { -1f, 0.5f, 2f });
        var y = tensor(new[] { 0f, 1f, 1f });
        TensorAssert.Equal([3], [0, 0.5f, 1], x.clamp(0, 1));
        TensorAssert.Equal([3], [0, 0.5f, 2], x.clamp_min(0));
        TensorAssert.Equal([3], [-1, 0.5f, 1], x.clamp(max: 1));
        TensorAssert.Equal([3], [0, 1, 2], maximum(x, y));
        TensorAssert.Equal([3], [-1, 0.5f, 1], minimum(x, y));
        TensorAssert.Equal([3], [0, 0.5f, 2], where(x.gt(0), x, y));
        TensorAssert.Equal([3], [0, 0.5f, 2], x.where(x.gt(0), y));
        Assert.ThrowsAny<Exception>(() => x.clamp(null, null));
    }

    [Fact]
    public void ComparisonsGiveBoolTensors()
    {
        using var scope = NewDisposeScope();
        var x = tensor(new[] { 1f, 2f, 3f });
        var y = tensor(new[] { 3f, 2f, 1f });
        Assert.Equal(ScalarType.Bool, x.gt(y).dtype);
        Assert.Equal(new[] { false, false, true }, x.gt(y).data<bool>().ToArray());
        Assert.Equal(new[] { true, false, false }, x.lt(y).data<bool>().ToArray());
        Assert.Equal(new[] { false, true, true }, x.ge(y).data<bool>().ToArray());
        Assert.Equal(new[] { true, true, false }, x.le(y).data<bool>().ToArray());
        Assert.Equal(new[] { false, true, false }, x.eq(y).data<bool>().ToArray());
        Assert.Equal(new[] { true, false, true }, x.ne(y).data<bool>().ToArray());
        Assert.Equal(new[] { false, true, true }, x.gt(1.5).data<bool>().ToArray());
        Assert.Equal(new[] { false, false, true }, x.eq(3).data<bool>().ToArray());
        Assert.Equal(new[] { true, true, false }, x.le(2).data<bool>().ToArray());
    }

    [Fact]
    public void IncompatibleShapesRaiseLibtorchsBroadcastMessage()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ExternalException>(() => zeros([2, 3]) + zeros([4]));
        Assert.Contains("must match the size of tensor b", error.Message);
    }
}
