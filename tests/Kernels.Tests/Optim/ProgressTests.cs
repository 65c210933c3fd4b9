using StyleFarm.Kernels.Optim;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Tests.Optim;

public class ProgressTests
{
    [Fact]
    public void LbfgsReportsEveryIterationWithItsEvaluationsAndLatestLoss()
    {
        var objective = new ScriptedObjective(evaluation => 100 - evaluation, 1.0, 1.0);
        using var x = tensor([0.0, 0.0], requires_grad: true);
        var reports = new List<OptimizationProgress>();

        new Lbfgs(new LbfgsOptions { MaxIterations = 4 }).Optimize(x, objective.Evaluate, new SynchronousProgress(reports.Add));

        // The last iteration is not evaluated, so it reports the loss the third one evaluated.
        Assert.Equal(
            [new(1, 4, 2, 98), new(2, 4, 3, 97), new(3, 4, 4, 96), new OptimizationProgress(4, 4, 4, 96)],
            reports);
    }

    [Fact]
    public void AdamReportsEveryStepWithTheLossItStepsFrom()
    {
        var objective = new ScriptedObjective(evaluation => 10 * evaluation, 1.0);
        using var x = tensor([0.0], requires_grad: true);
        var reports = new List<OptimizationProgress>();

        var result = Adam.Optimize(x, objective.Evaluate, 3, progress: new SynchronousProgress(reports.Add));

        Assert.Equal([new(1, 3, 1, 10), new(2, 3, 2, 20), new OptimizationProgress(3, 3, 3, 30)], reports);
        Assert.Equal([10.0, 20.0, 30.0], result.LossHistory);
    }
}
