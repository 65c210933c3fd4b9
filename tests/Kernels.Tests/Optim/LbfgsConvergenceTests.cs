using StyleFarm.Kernels.Optim;
using StyleFarm.Kernels.Tests.Torch;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Tests.Optim;

public class LbfgsConvergenceTests
{
    // Only the iteration limit may stop these runs: they measure where the iterates get to.
    private static LbfgsOptions Unstoppable(int iterations) => new()
    {
        MaxIterations = iterations,
        ToleranceGrad = 0,
        ToleranceChange = 0,
        RelativeTolerance = null,
    };

    [Fact]
    public void ReachesTheExactMinimiserOfAQuadraticToOneEMinus8InNPlus3Iterations()
    {
        // Without a line search (the reference's fixed unit step) L-BFGS has no n-step termination on a
        // quadratic: it converges superlinearly, the faster the better A is conditioned. With κ(A) = 2.4 it is
        // within 1e-9 after n + 3 iterations; κ = 18.6 (the reference problem) needs 25, in PyTorch's LBFGS too.
        using var quadratic = new Quadratic(divisor: 16);
        using var x = quadratic.NewStart();

        var result = new Lbfgs(Unstoppable(Quadratic.N + 3)).Optimize(x, quadratic.Loss);

        Assert.Equal(StopReason.MaxIterations, result.StopReason);
        Assert.Equal(Quadratic.N + 3, result.Iterations);
        TensorAssert.Close(quadratic.Minimiser, x.data<double>().ToArray(), 1e-8);
    }

    [Fact]
    public void StopsAtTheGradientToleranceWithTheGradientBelowIt()
    {
        using var quadratic = new Quadratic();
        using var x = quadratic.NewStart();
        var options = new LbfgsOptions { MaxIterations = 100, ToleranceGrad = 1e-7, ToleranceChange = 0 };

        var result = new Lbfgs(options).Optimize(x, quadratic.Loss);

        Assert.Equal(StopReason.GradientTolerance, result.StopReason);
        Assert.True(result.Iterations < 100);
        // The test runs on the evaluated point, which is the returned x: ‖Ax − b‖₁ ≤ 1e-7 there.
        var l1 = quadratic.Gradient(x.data<double>().ToArray()).Sum(Math.Abs);
        Assert.True(l1 <= 1e-7, $"‖g‖₁ = {l1}");
        Assert.True(l1 > 0);
    }

    [Fact]
    public void ConvergesToTheRosenbrockMinimumOneOneFromTheClassicStart()
    {
        using var x = tensor([-1.2, 1.0], requires_grad: true);

        var result = new Lbfgs(new LbfgsOptions { MaxIterations = 200, ToleranceGrad = 1e-12, ToleranceChange = 0 })
            .Optimize(x, Rosenbrock);

        Assert.Equal(StopReason.GradientTolerance, result.StopReason);
        TensorAssert.Close([1.0, 1.0], x.data<double>().ToArray(), 1e-5);
        Assert.True(result.FinalLoss < 1e-20, $"final loss {result.FinalLoss}");
    }

    [Fact]
    public void OptimizesAFloat32ImageShapedTensorInPlace()
    {
        // x as the stylizer holds it, [1, 3, H, W] float32; f = ½‖x − target‖² has its minimum at target.
        using var target = linspace(-1, 1, 3 * 4 * 5).reshape(1, 3, 4, 5).DetachFromDisposeScope();
        using var x = zeros([1, 3, 4, 5], requires_grad: true);

        var result = new Lbfgs(new LbfgsOptions { MaxIterations = 20 }).Optimize(x, image =>
        {
            var loss = 0.5 * (image - target).square().sum();
            loss.backward();
            return loss;
        });

        Assert.Equal([1L, 3, 4, 5], x.shape);
        TensorAssert.Close(target.data<float>().ToArray(), x, 1e-5);
        Assert.Null(x.grad);
        Assert.Equal(result.Evaluations, result.LossHistory.Count);
        Assert.Equal(result.FinalLoss, result.LossHistory[^1]);
    }

    private static Tensor Rosenbrock(Tensor x)
    {
        var a = x.narrow(0, 0, 1);
        var b = x.narrow(0, 1, 1);
        var loss = ((1 - a).square() + 100 * (b - a.square()).square()).sum();
        loss.backward();
        return loss;
    }
}
