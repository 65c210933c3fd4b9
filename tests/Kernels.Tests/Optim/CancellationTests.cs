using StyleFarm.Kernels.Optim;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Tests.Optim;

public class CancellationTests
{
    [Fact]
    public void LbfgsStopsBetweenIterationsAndLeavesXAtTheLastCompletedOne()
    {
        using var quadratic = new Quadratic();
        using var uncancelled = quadratic.NewStart();
        new Lbfgs(new LbfgsOptions { MaxIterations = 3 }).Optimize(uncancelled, quadratic.Loss);

        using var x = quadratic.NewStart();
        using var cancellation = new CancellationTokenSource();
        var evaluationsBefore = quadratic.Evaluations;
        var progress = new SynchronousProgress(report =>
        {
            if (report.Iteration == 3) cancellation.Cancel();
        });

        Assert.Throws<OperationCanceledException>(() =>
            new Lbfgs(new LbfgsOptions { MaxIterations = 100 }).Optimize(x, quadratic.Loss, progress, cancellation.Token));

        // Three iterations ran, each evaluated (the run was not at its limit); then nothing more.
        Assert.Equal(4, quadratic.Evaluations - evaluationsBefore);
        Assert.Equal(uncancelled.data<double>().ToArray(), x.data<double>().ToArray());
    }

    [Fact]
    public void AnAlreadyCancelledTokenStopsLbfgsBeforeTheFirstEvaluation()
    {
        using var quadratic = new Quadratic();
        using var x = quadratic.NewStart();

        Assert.Throws<OperationCanceledException>(() =>
            new Lbfgs(new LbfgsOptions { MaxIterations = 10 }).Optimize(x, quadratic.Loss, cancellationToken: new CancellationToken(true)));

        Assert.Equal(0, quadratic.Evaluations);
        Assert.Equal(quadratic.Start, x.data<double>().ToArray());
    }

    [Fact]
    public void AdamStopsBetweenSteps()
    {
        using var quadratic = new Quadratic();
        using var x = quadratic.NewStart();
        using var cancellation = new CancellationTokenSource();
        var progress = new SynchronousProgress(report =>
        {
            if (report.Iteration == 2) cancellation.Cancel();
        });

        Assert.Throws<OperationCanceledException>(() =>
            Adam.Optimize(x, quadratic.Loss, 10, progress: progress, cancellationToken: cancellation.Token));

        Assert.Equal(2, quadratic.Evaluations);
        Assert.Null(x.grad);
    }
}
