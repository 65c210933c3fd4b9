using static TorchSharp.torch;

namespace StyleFarm.Kernels.Style;

/// <summary>Weighted sums of loss terms that free each superseded partial sum at once (one native op per term).</summary>
internal static class Accumulate
{
    /// <summary>total + weight·term (weight·term when total is null); disposes the old total, never the term.</summary>
    public static Tensor Add(Tensor? total, Tensor term, double weight)
    {
        if (total is null) return term.mul(weight);
        var sum = total.add(term, weight);
        total.Dispose();
        return sum;
    }
}
