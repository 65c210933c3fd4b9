using StyleFarm.Kernels.Optim;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Tests.Optim;

public class LbfgsStopTests
{
    // A steadily falling loss with a constant gradient: no test but the one under study can fire.
    private static double Falling(int evaluation) => 100 - evaluation;

    [Fact]
    public void AStationaryStartStopsAtTheGradientToleranceWithoutAStep()
    {
        var objective = new ScriptedObjective(Falling, 4e-6, -4e-6);
        using var x = tensor([3.0, 4.0], requires_grad: true);

        var result = new Lbfgs(new LbfgsOptions { MaxIterations = 10 }).Optimize(x, objective.Evaluate);

        Assert.Equal(StopReason.GradientTolerance, result.StopReason);
        Assert.Equal((0, 1, 1), (result.Iterations, result.Evaluations, objective.Evaluations));
        Assert.Equal([3.0, 4.0], x.data<double>().ToArray());
        Assert.Equal([99.0], result.LossHistory);
    }

    [Fact]
    public void ADirectionWithoutDescentAboveMinusTolXStopsBeforeMoving()
    {
        // ‖g‖₁ = 2e-5 passes the 1e-5 gradient test, but gᵀd = −‖g‖² = −4e-10 > −1e-9.
        var objective = new ScriptedObjective(Falling, 2e-5, 0);
        using var x = tensor([3.0, 4.0], requires_grad: true);

        var result = new Lbfgs(new LbfgsOptions { MaxIterations = 10 }).Optimize(x, objective.Evaluate);

        Assert.Equal(StopReason.NoDescentDirection, result.StopReason);
        Assert.Equal((0, 1), (result.Iterations, objective.Evaluations));
        Assert.Equal([3.0, 4.0], x.data<double>().ToArray());
    }

    [Fact]
    public void AStepBelowTolXStopsAtTheStepTolerance()
    {
        // The first step is min(1, 1/‖g‖₁)·lr·‖g‖₁ = 1e-10 long in L1: below tolX = 1e-9.
        var objective = new ScriptedObjective(Falling, 1.0, 0);
        using var x = tensor([3.0, 4.0], requires_grad: true);

        var result = new Lbfgs(new LbfgsOptions { MaxIterations = 10, LearningRate = 1e-10 }).Optimize(x, objective.Evaluate);

        Assert.Equal(StopReason.StepTolerance, result.StopReason);
        Assert.Equal((1, 2), (result.Iterations, objective.Evaluations));
        Assert.Equal([3.0 - 1e-10, 4.0], x.data<double>().ToArray());
    }

    [Fact]
    public void ALossChangeBelowTolXStopsAtTheLossChangeTolerance()
    {
        var objective = new ScriptedObjective(evaluation => evaluation < 4 ? 10 - evaluation : 7 - 5e-10, -0.5, 0.5);
        using var x = tensor([0.0, 0.0], requires_grad: true);

        var result = new Lbfgs(new LbfgsOptions { MaxIterations = 10 }).Optimize(x, objective.Evaluate);

        Assert.Equal(StopReason.LossChangeTolerance, result.StopReason);
        Assert.Equal((3, 4), (result.Iterations, objective.Evaluations));
        // Constant gradient: y = 0 keeps no pair, so d = −g; the first step is scaled by 1/‖g‖₁ = 1.
        Assert.Equal([1.5, -1.5], x.data<double>().ToArray());
    }

    [Fact]
    public void TheIterationLimitStopsAfterItsStepWithoutEvaluatingIt()
    {
        var objective = new ScriptedObjective(Falling, 1.0, 1.0);
        using var x = tensor([0.0, 0.0], requires_grad: true);
        var options = new LbfgsOptions { MaxIterations = 7 };

        var result = new Lbfgs(options).Optimize(x, objective.Evaluate);

        Assert.Equal(StopReason.MaxIterations, result.StopReason);
        Assert.Equal((7, 7, 7), (result.Iterations, result.Evaluations, objective.Evaluations));
        Assert.Equal(Enumerable.Range(1, 7).Select(e => Falling(e)), result.LossHistory);
        Assert.Equal(Falling(7), result.FinalLoss);
        // Steps: 0.5 (first, scaled by 1/‖g‖₁ = 1/2) then six of 1, each −g.
        Assert.Equal([-6.5, -6.5], x.data<double>().ToArray());
    }

    [Theory]
    [InlineData(100, 7)]
    [InlineData(100, 2)]
    [InlineData(10, 1)]
    [InlineData(3, 3)]
    [InlineData(5, 50)]
    [InlineData(1, null)]
    [InlineData(2, null)]
    [InlineData(40, null)]
    public void TheEvaluationBudgetIsNeverExceeded(int maxIterations, int? maxEvaluations)
    {
        var objective = new ScriptedObjective(Falling, 1.0, -1.0);
        using var x = tensor([0.0, 0.0], requires_grad: true);
        // optim.lbfgs's counts; the final-step check's extra evaluation is LbfgsFinalStepTests' subject.
        var options = new LbfgsOptions { MaxIterations = maxIterations, MaxEvaluations = maxEvaluations, FinalStepCheck = FinalStepCheck.Never };

        var result = new Lbfgs(options).Optimize(x, objective.Evaluate);

        // Fixed steps evaluate once per iteration but the last, so whichever limit is lower binds exactly;
        // on a tie the budget stops the run first, after its last evaluation (as in optim.lbfgs).
        var budget = options.EffectiveMaxEvaluations;
        var expected = Math.Min(maxIterations, budget);
        Assert.Equal(expected, objective.Evaluations);
        Assert.Equal(expected, result.Evaluations);
        Assert.True(objective.Evaluations <= budget);
        Assert.Equal(budget <= maxIterations ? StopReason.MaxEvaluations : StopReason.MaxIterations, result.StopReason);
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 3)]
    [InlineData(4, 5)]
    [InlineData(1000, 1250)]
    [InlineData(2000, 2500)]
    public void TheDefaultBudgetIsOnePointTwoFiveTimesTheIterationsRoundedUpAsOptimLbfgsCompares(int iterations, int budget) =>
        Assert.Equal(budget, new LbfgsOptions { MaxIterations = iterations }.EffectiveMaxEvaluations);

    [Fact]
    public void ANonFiniteLossStopsTheRunWhereItHappened()
    {
        var objective = new ScriptedObjective(evaluation => evaluation == 4 ? double.NaN : Falling(evaluation), 1.0, 0);
        using var x = tensor([0.0, 0.0], requires_grad: true);

        var result = new Lbfgs(new LbfgsOptions { MaxIterations = 10 }).Optimize(x, objective.Evaluate);

        Assert.Equal(StopReason.NonFiniteLoss, result.StopReason);
        Assert.Equal((3, 4), (result.Iterations, objective.Evaluations));
        Assert.True(double.IsNaN(result.FinalLoss));
    }
}
