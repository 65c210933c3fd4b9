using StyleFarm.Kernels.Optim;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Tests.Optim;

public class OptimizerInputTests
{
    private static readonly LbfgsOptions Ten = new() { MaxIterations = 10 };

    [Fact]
    public void AnObjectiveThatDoesNotBackPropagateIsToldToCallBackward()
    {
        using var x = tensor([1.0, 2.0], requires_grad: true);

        var error = Assert.Throws<InvalidOperationException>(() => new Lbfgs(Ten).Optimize(x, point => point.square().sum()));

        Assert.Contains("x.grad empty at evaluation 1", error.Message);
        Assert.Contains("loss.backward()", error.Message);
    }

    [Fact]
    public void AnObjectiveReturningANonScalarIsToldToReduceIt()
    {
        using var x = tensor([1.0, 2.0], requires_grad: true);

        var error = Assert.Throws<InvalidOperationException>(() => new Lbfgs(Ten).Optimize(x, point =>
        {
            var loss = point.square();
            loss.sum().backward();
            return loss;
        }));

        Assert.Contains("shape [2]", error.Message);
    }

    [Fact]
    public void AGradientOfAnotherShapeIsRejected()
    {
        using var x = tensor([1.0, 2.0], requires_grad: true);

        var error = Assert.Throws<InvalidOperationException>(() => new Lbfgs(Ten).Optimize(x, point =>
        {
            point.grad = zeros([3], ScalarType.Float64);
            return tensor(1.0);
        }));

        Assert.Contains("gradient of shape [3] for x of shape [2]", error.Message);
    }

    [Fact]
    public void IntegerAndNonLeafTensorsAreRejected()
    {
        using var integers = zeros([3], ScalarType.Int64);
        var error = Assert.Throws<ArgumentException>(() => new Lbfgs(Ten).Optimize(integers, p => p));
        Assert.Contains("Int64", error.Message);

        using var leaf = ones([3], requires_grad: true);
        using var computed = leaf * 2;
        error = Assert.Throws<ArgumentException>(() => Adam.Optimize(computed, p => p, 3));
        Assert.Contains("leaf", error.Message);
    }

    [Theory]
    [InlineData(nameof(LbfgsOptions.MaxIterations))]
    [InlineData(nameof(LbfgsOptions.MaxEvaluations))]
    [InlineData(nameof(LbfgsOptions.History))]
    [InlineData(nameof(LbfgsOptions.LearningRate))]
    [InlineData(nameof(LbfgsOptions.ToleranceGrad))]
    [InlineData(nameof(LbfgsOptions.RelativeTolerance))]
    [InlineData(nameof(LbfgsOptions.RelativeWindow))]
    public void AnUnusableLbfgsSettingIsNamed(string setting)
    {
        var options = setting switch
        {
            nameof(LbfgsOptions.MaxIterations) => Ten with { MaxIterations = 0 },
            nameof(LbfgsOptions.MaxEvaluations) => Ten with { MaxEvaluations = 0 },
            nameof(LbfgsOptions.History) => Ten with { History = 0 },
            nameof(LbfgsOptions.LearningRate) => Ten with { LearningRate = double.NaN },
            nameof(LbfgsOptions.ToleranceGrad) => Ten with { ToleranceGrad = -1 },
            nameof(LbfgsOptions.RelativeTolerance) => Ten with { RelativeTolerance = 0 },
            _ => Ten with { RelativeWindow = 0 },
        };

        var error = Assert.Throws<ArgumentException>(() => new Lbfgs(options));

        Assert.Equal(setting, error.ParamName);
        Assert.StartsWith($"L-BFGS option {setting} = ", error.Message);
    }

    [Fact]
    public void AnUnusableAdamSettingIsNamed()
    {
        using var x = zeros([2], requires_grad: true);
        var error = Assert.Throws<ArgumentException>(() => new Adam([x], new AdamOptions { Beta2 = 1 }));
        Assert.Equal(nameof(AdamOptions.Beta2), error.ParamName);
        Assert.Throws<ArgumentException>(() => new Adam([x, x]));
        using var counts = zeros([2], ScalarType.Int32);
        var wrongType = Assert.Throws<ArgumentException>(() => new Adam([x, counts]));
        Assert.Contains("parameter 1 is Int32", wrongType.Message);
        Assert.Throws<ArgumentException>(() => new Adam([]));
    }
}
