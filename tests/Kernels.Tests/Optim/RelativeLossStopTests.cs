using StyleFarm.Kernels.Optim;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Tests.Optim;

/// <summary>The paper's stop, on loss sequences the test writes (window 5, tolerance 1e-4).</summary>
public class RelativeLossStopTests
{
    private const int Window = 5;
    private const double Tolerance = 1e-4;

    /// <summary>
    /// The loss after k iterations: falling 0.1 per iteration to k = 10 (0.5 % per window), then by 1.01e-4
    /// of f(10) over the window to k = 15 (just above the tolerance), then by 0.99e-4 of f(15) to k = 20
    /// (just below), then flat at 1e-3 per iteration.
    /// </summary>
    private static double LossAfter(int k)
    {
        var f10 = 100 - 0.1 * 10;
        var f15 = f10 * (1 - 1.01e-4);
        var f20 = f15 * (1 - 0.99e-4);
        return k <= 10 ? 100 - 0.1 * k
            : k <= 15 ? f10 + (f15 - f10) * (k - 10) / 5.0
            : k <= 20 ? f15 + (f15 * (1 - 0.99e-4) - f15) * (k - 15) / 5.0
            : f20 - 1e-3 * (k - 20);
    }

    private static ScriptedObjective Scripted() => new(evaluation => LossAfter(evaluation - 1), 1.0, -1.0);

    [Fact]
    public void FiresAtTheFirstWindowWhoseRelativeChangeIsBelowTheTolerance()
    {
        var objective = Scripted();
        using var x = tensor([0.0, 0.0], requires_grad: true);
        var options = new LbfgsOptions { MaxIterations = 100, RelativeTolerance = Tolerance, RelativeWindow = Window };

        var result = new Lbfgs(options).Optimize(x, objective.Evaluate);

        // k = 10: 0.5 % over the window; k = 15: 1.01e-4, not below; k = 20: 0.99e-4, below.
        Assert.Equal(StopReason.RelativeLossTolerance, result.StopReason);
        Assert.Equal(20, result.Iterations);
        Assert.Equal(21, objective.Evaluations);
        Assert.Equal(LossAfter(20), result.FinalLoss);
    }

    [Fact]
    public void ComparesOnlyAtWholeWindowsAgainstTheLossOneWindowBefore()
    {
        // With window 10 the checks fall at k = 10 (recorded), 20 (|f20 − f10| / f10 ≈ 2e-4: go on), then 30,
        // 40 and 50 in the tail (1e-2 over the window, ≈ 1.01e-4 of the loss: go on): none is below 1e-4.
        var objective = Scripted();
        using var x = tensor([0.0, 0.0], requires_grad: true);
        var options = new LbfgsOptions { MaxIterations = 60, RelativeTolerance = Tolerance, RelativeWindow = 10 };

        var result = new Lbfgs(options).Optimize(x, objective.Evaluate);

        Assert.Equal(StopReason.MaxIterations, result.StopReason);
        Assert.Equal(60, result.Iterations);
    }

    [Fact]
    public void TheFastTolerancePointOnePercentFiresAtTheFirstComparison()
    {
        var objective = Scripted();
        using var x = tensor([0.0, 0.0], requires_grad: true);
        var options = new LbfgsOptions
        {
            MaxIterations = 100,
            RelativeTolerance = LbfgsOptions.FastRelativeTolerance,
            RelativeWindow = Window,
        };

        var result = new Lbfgs(options).Optimize(x, objective.Evaluate);

        // k = 10 against k = 5: 0.5 / 99.5 ≈ 5e-3, above 1e-3; k = 15 against k = 10: 1.01e-4, below.
        Assert.Equal(StopReason.RelativeLossTolerance, result.StopReason);
        Assert.Equal(15, result.Iterations);
    }

    [Fact]
    public void TurnedOffItNeverStopsTheRun()
    {
        var objective = Scripted();
        using var x = tensor([0.0, 0.0], requires_grad: true);
        var options = new LbfgsOptions { MaxIterations = 40, RelativeTolerance = null, RelativeWindow = Window };

        var result = new Lbfgs(options).Optimize(x, objective.Evaluate);

        Assert.Equal(StopReason.MaxIterations, result.StopReason);
        Assert.Equal(40, result.Iterations);
    }

    [Fact]
    public void ThePaperDefaultsAreOneHundredthOfAPercentOverFiftyIterations()
    {
        var options = new LbfgsOptions { MaxIterations = 2000 };
        Assert.Equal(1e-4, options.RelativeTolerance);
        Assert.Equal(50, options.RelativeWindow);
        Assert.Equal(100, options.History);
        Assert.Equal(1.0, options.LearningRate);
        Assert.Equal((1e-5, 1e-9), (options.ToleranceGrad, options.ToleranceChange));
    }
}
