using StyleFarm.Kernels.Optim;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Tests.Optim;

/// <summary>
/// The final iteration's fixed step, which optim.lbfgs never evaluates: on a loss whose curvature falls away from the
/// start, the second step's secant estimate (from one tiny first step) overshoots far uphill.
/// </summary>
public class LbfgsFinalStepTests
{
    private const int N = 100;

    // f(x) = Σ √(1 + xᵢ²): from xᵢ = 3 the first step moves each xᵢ by 1/N, the curvature it sees (≈ 0.032) makes the
    // second step ≈ −30 per element, to f ≈ 2700 from f ≈ 316.
    private static Tensor PseudoHuber(Tensor x)
    {
        var loss = (x.square() + 1).sqrt().sum();
        loss.backward();
        return loss;
    }

    private static double LossAt(Tensor x)
    {
        using var noGrad = no_grad();
        using var loss = (x.square() + 1).sqrt().sum();
        return loss.item<double>();
    }

    private static Tensor Start(double at = 3) => full(N, at, ScalarType.Float64).requires_grad_();

    [Fact]
    public void AnUphillFinalStepIsUndoneToTheBestEvaluatedPoint()
    {
        using var x = Start();

        var result = new Lbfgs(new LbfgsOptions { MaxIterations = 2 }).Optimize(x, PseudoHuber);

        var final = LossAt(x);
        Assert.True(final <= result.LossHistory.Min() + 1e-9,
            $"returned x has loss {final:G6}, above the best evaluated {result.LossHistory.Min():G6} (history {string.Join(", ", result.LossHistory)})");
        Assert.True(result.FinalStepRejected);
        Assert.False(result.FinalStepShortened);
        Assert.Equal(4, result.Evaluations); // start, first step, the checked final step, its shortened retry (xᵢ ≈ −5: still uphill)
        Assert.True(result.LossHistory[2] > 2 * result.LossHistory[0], $"the final step should have gone uphill: {string.Join(", ", result.LossHistory)}");
        Assert.Equal(final, result.FinalLoss, 9);
        Assert.All(x.data<double>().ToArray(), v => Assert.Equal(3 - 1.0 / N, v, 9)); // the point after the first step
    }

    [Fact]
    public void AnUphillFinalStepWhoseShortenedRetryIsDownhillEndsThere()
    {
        // From xᵢ = 1.5 the full second step lands at xᵢ ≈ −3.4 (f 352 from 180); the quadratic through f(0), f′(0) and
        // f(t) puts the retry about a third of the way, near the minimum at 0.
        using var x = Start(1.5);

        var result = new Lbfgs(new LbfgsOptions { MaxIterations = 2 }).Optimize(x, PseudoHuber);

        Assert.True(result.FinalStepShortened);
        Assert.False(result.FinalStepRejected);
        Assert.Equal(4, result.Evaluations);
        Assert.True(result.LossHistory[2] > result.LossHistory[1], $"the full step should have gone uphill: {string.Join(", ", result.LossHistory)}");
        Assert.Equal(LossAt(x), result.FinalLoss, 9);
        Assert.True(result.FinalLoss < 0.7 * result.LossHistory[1], $"the retry should be well below the first step's loss: {string.Join(", ", result.LossHistory)}");
    }

    [Fact]
    public void WithoutTheCheckTheReferenceEndsUphill()
    {
        using var x = Start();

        var result = new Lbfgs(new LbfgsOptions { MaxIterations = 2, FinalStepCheck = FinalStepCheck.Never }).Optimize(x, PseudoHuber);

        Assert.Equal(2, result.Evaluations);
        Assert.False(result.FinalStepRejected);
        Assert.True(LossAt(x) > 5 * result.LossHistory.Max(), $"loss at x {LossAt(x):G6}, evaluated {string.Join(", ", result.LossHistory)}");
    }

    [Fact]
    public void ADownhillFinalStepIsKeptAndItsLossReported()
    {
        using var quadratic = new Quadratic();
        using var x = quadratic.NewStart();

        var result = new Lbfgs(new LbfgsOptions { MaxIterations = 2 }).Optimize(x, quadratic.Loss);

        Assert.False(result.FinalStepRejected);
        Assert.Equal(3, quadratic.Evaluations); // the second step is longer than the first: checked
        Assert.Equal(result.LossHistory[^1], result.FinalLoss);
        Assert.True(result.FinalLoss < result.LossHistory[1]);
    }

    [Fact]
    public void AFinalStepNoLongerThanACheckedOneOnADescendingRunCostsNoEvaluation()
    {
        using var quadratic = new Quadratic();
        using var x = quadratic.NewStart();

        var result = new Lbfgs(new LbfgsOptions { MaxIterations = 5 }).Optimize(x, quadratic.Loss);

        Assert.Equal(5, quadratic.Evaluations);
        Assert.Equal(5, result.Evaluations);
    }

    [Fact]
    public void AlwaysChecksEveryRun()
    {
        using var quadratic = new Quadratic();
        using var x = quadratic.NewStart();

        var result = new Lbfgs(new LbfgsOptions { MaxIterations = 5, FinalStepCheck = FinalStepCheck.Always }).Optimize(x, quadratic.Loss);

        Assert.Equal(6, result.Evaluations);
        Assert.False(result.FinalStepRejected);
    }

    [Fact]
    public void TheCheckIsSkippedWhenTheEvaluationBudgetIsSpent()
    {
        using var x = Start();

        var result = new Lbfgs(new LbfgsOptions { MaxIterations = 2, MaxEvaluations = 2 }).Optimize(x, PseudoHuber);

        Assert.Equal(2, result.Evaluations);
        Assert.False(result.FinalStepRejected);
    }
}
