using System.Diagnostics;
using StyleFarm.Kernels.Models;
using StyleFarm.Kernels.Style;
using static StyleFarm.Kernels.Torch.torch;

namespace StyleFarm.Bench.Style;

/// <summary>What one timed run of our evaluation measured.</summary>
internal sealed record OurTiming(double MedianMs, int TensorsPerEvaluation, long ManagedBytesPerEvaluation);

/// <summary>
/// Times one optimizer evaluation of the frame energy at the reference weights: content relu4_2, style
/// relu1_1…relu5_1, one short-term temporal reference and total variation, forward and backward to x.
/// </summary>
internal static class OurEvaluation
{
    public static OurTiming Time(FeatureNetwork network, BenchOptions options, int width, int height, bool networkOnly)
    {
        var energy = new StyleEnergyOptions();
        using var scope = NewDisposeScope();
        manual_seed(0);
        var p = rand([1, 3, height, width]);
        var a = rand([1, 3, height, width]);
        var omega = rand([1, 3, height, width]);
        var c = rand([1, 1, height, width]).gt(0.1).to_type(ScalarType.Float32);
        using var targets = StyleTargets.Compute(network, a, width, height, energy.StyleLayers.Select(l => l.Layer));
        using var objective = new FrameObjective(network, targets, p, energy, [new TemporalReference(omega, c)]);
        var x = rand([1, 3, height, width]).requires_grad_();
        Tensor? contentTarget = null;
        if (networkOnly)
        {
            using (no_grad()) contentTarget = network.Forward(p)[energy.ContentLayer].detach();
        }

        var tensors = 0;
        long bytes = 0;
        double Evaluate()
        {
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            using var evaluation = NewDisposeScope();
            x.grad = null;
            var loss = networkOnly ? NetworkOnly(network, x, contentTarget!, energy) : objective.Evaluate(x);
            var value = loss.item<float>();
            tensors = evaluation.DisposablesCount;
            bytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
            return value;
        }

        for (var i = 0; i < options.Warmup; i++) Evaluate();
        var samples = new List<double>();
        for (var i = 0; i < options.Repeats; i++)
        {
            var stopwatch = Stopwatch.StartNew();
            Evaluate();
            samples.Add(stopwatch.Elapsed.TotalMilliseconds);
        }
        return new OurTiming(Median(samples), tensors, bytes);
    }

    // The content loss plus relu5_1·0, so the backward crosses the whole network as the style loss makes it.
    private static Tensor NetworkOnly(FeatureNetwork network, Tensor x, Tensor contentTarget, StyleEnergyOptions energy)
    {
        var features = network.Forward(x);
        var content = ContentLoss.Compute(features[energy.ContentLayer], contentTarget).mul(energy.ContentWeight);
        var loss = content.add(features["relu5_1"].sum(), 0.0);
        loss.backward();
        return loss;
    }

    private static double Median(List<double> samples)
    {
        samples.Sort();
        var n = samples.Count;
        return n % 2 == 1 ? samples[n / 2] : (samples[n / 2 - 1] + samples[n / 2]) / 2;
    }
}
