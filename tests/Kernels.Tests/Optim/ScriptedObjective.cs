using static TorchSharp.torch;

namespace StyleFarm.Kernels.Tests.Optim;

/// <summary>
/// An objective over a float64 x whose loss and gradient at the k-th evaluation (1-based) the test dictates;
/// it sets x.grad itself, as an objective with an analytic gradient may.
/// </summary>
internal sealed class ScriptedObjective(Func<int, double> loss, Func<int, double[]> gradient)
{
    /// <summary>A constant gradient with the given losses.</summary>
    public ScriptedObjective(Func<int, double> loss, params double[] gradient) : this(loss, _ => gradient) { }

    /// <summary>How many times <see cref="Evaluate"/> ran.</summary>
    public int Evaluations { get; private set; }

    public Tensor Evaluate(Tensor x)
    {
        Evaluations++;
        x.grad = tensor(gradient(Evaluations));
        return tensor(loss(Evaluations));
    }
}
