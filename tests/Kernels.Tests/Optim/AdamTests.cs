using StyleFarm.Kernels.Optim;
using StyleFarm.Kernels.Tests.Torch;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Tests.Optim;

public class AdamTests
{
    [Fact]
    public void TheFirstTwoStepsMatchTheHandComputedBiasCorrectedUpdate()
    {
        // lr 0.1, β₁ 0.9, β₂ 0.999, ε 1e-8; x0 = (1, −2); gradients g1 = (2, −0.5), g2 = (−1, 3).
        var gradients = new[] { new[] { 2.0, -0.5 }, new[] { -1.0, 3.0 } };
        var objective = new ScriptedObjective(_ => 0, evaluation => gradients[evaluation - 1]);
        using var x = tensor([1.0, -2.0], requires_grad: true);
        var iterates = new List<double[]>();

        Adam.Optimize(x, objective.Evaluate, 2, new AdamOptions { LearningRate = 0.1 },
            new SynchronousProgress(_ => iterates.Add(x.data<double>().ToArray())));

        // Step 1: m = 0.1·g1, v = 0.001·g1², so m̂ = g1 and v̂ = g1²: x1 = x0 − 0.1·g1 / (|g1| + ε).
        double[] x1 = [1 - 0.1 * 2 / (2 + 1e-8), -2 + 0.1 * 0.5 / (0.5 + 1e-8)];
        TensorAssert.Close(x1, iterates[0], 1e-15);
        // Step 2: m = 0.9·m + 0.1·g2 = (0.08, 0.255); v = 0.999·v + 0.001·g2² = (0.004996, 0.00924975);
        // 1 − β₁² = 0.19, 1 − β₂² = 0.001999: x2 = x1 − 0.1·(m / 0.19) / (√(v / 0.001999) + ε).
        double[] x2 =
        [
            x1[0] - 0.1 * (0.08 / 0.19) / (Math.Sqrt(0.004996 / 0.001999) + 1e-8),
            x1[1] - 0.1 * (0.255 / 0.19) / (Math.Sqrt(0.00924975 / 0.001999) + 1e-8),
        ];
        TensorAssert.Close(x2, iterates[1], 1e-14);
    }

    [Fact]
    public void MinimisesTheQuadraticToItsExactMinimiser()
    {
        using var quadratic = new Quadratic();
        using var x = quadratic.NewStart();

        var result = Adam.Optimize(x, quadratic.Loss, 700, new AdamOptions { LearningRate = 0.01 });

        Assert.Equal(StopReason.MaxIterations, result.StopReason);
        Assert.Equal((700, 700), (result.Iterations, result.Evaluations));
        TensorAssert.Close(quadratic.Minimiser, x.data<double>().ToArray(), 1e-8);
        Assert.Null(x.grad);
    }

    [Fact]
    public void StepUpdatesSeveralParametersAndSkipsThoseWithoutAGradient()
    {
        // The step-and-zero-grad loop of network training, on two parameter tensors of different shapes.
        using var weight = tensor([0.5, -0.5, 1.0, 2.0], [2, 2], requires_grad: true);
        using var bias = tensor([1.0, -1.0], requires_grad: true);
        using var adam = new Adam([weight, bias], new AdamOptions { LearningRate = 0.25 });

        // Only the weight has a gradient: the bias must not move, nor count a step.
        using (NewDisposeScope()) weight.square().sum().backward();
        adam.Step();
        adam.ZeroGrad();
        Assert.Equal([1.0, -1.0], bias.data<double>().ToArray());
        Assert.Null(weight.grad);
        // First step of each parameter: θ − lr·g / (|g| + ε), g = 2θ.
        TensorAssert.Close([0.5 - 0.25 * 1 / (1 + 1e-8), -0.5 + 0.25 * 1 / (1 + 1e-8), 1 - 0.25 * 2 / (2 + 1e-8), 2 - 0.25 * 4 / (4 + 1e-8)],
            weight.data<double>().ToArray(), 1e-15);

        using (NewDisposeScope()) (weight.sum() + 3 * bias.sum()).backward();
        adam.Step();
        // The bias's first step (t = 1 for it, though the optimizer stepped twice): −lr·sign(g).
        TensorAssert.Close([1 - 0.25 * 3 / (3 + 1e-8), -1 - 0.25 * 3 / (3 + 1e-8)], bias.data<double>().ToArray(), 1e-15);
    }

    [Fact]
    public void ANonFiniteLossStopsOptimize()
    {
        var objective = new ScriptedObjective(evaluation => evaluation == 3 ? double.PositiveInfinity : 1, 1.0, 1.0);
        using var x = tensor([0.0, 0.0], requires_grad: true);

        var result = Adam.Optimize(x, objective.Evaluate, 10);

        Assert.Equal(StopReason.NonFiniteLoss, result.StopReason);
        Assert.Equal((2, 3), (result.Iterations, result.Evaluations));
    }

    [Fact]
    public void TheDefaultsAreKingmaAndBas()
    {
        var options = new AdamOptions();
        Assert.Equal((1e-3, 0.9, 0.999, 1e-8), (options.LearningRate, options.Beta1, options.Beta2, options.Epsilon));
    }
}
