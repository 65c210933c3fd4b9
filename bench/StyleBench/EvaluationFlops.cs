using StyleFarm.Kernels.Models;
using StyleFarm.Kernels.Style;
using static TorchSharp.torch;

namespace StyleFarm.Bench.Style;

/// <summary>The arithmetic of one evaluation, and the machine's large-matmul rate to hold it against.</summary>
internal static class EvaluationFlops
{
    /// <summary>
    /// FLOPs of one evaluation at width×height: each 3×3 convolution up to the deepest layer twice (forward, and
    /// backward to its input; the weights are fixed), each style layer's Gram twice (forward F·Fᵀ and the one-GEMM
    /// backward). ReLU, pooling and the losses are memory-bound and left out.
    /// </summary>
    public static double Count(FeatureNetwork network, int width, int height)
    {
        double flops = 0;
        long h = height, w = width;
        var style = new StyleEnergyOptions().StyleLayers.Select(l => l.Layer).ToHashSet();
        foreach (var layer in network.Layout.Layers.Take(network.DeepestLayer.Index + 1))
        {
            switch (layer.Kind)
            {
                case FeatureLayerKind.Conv:
                    flops += 2 * (2.0 * layer.InChannels * layer.OutChannels * 9 * h * w);
                    break;
                case FeatureLayerKind.MaxPool:
                    (h, w) = (h / 2, w / 2);
                    break;
                case FeatureLayerKind.Relu when style.Contains(layer.Name):
                    flops += 2 * (2.0 * layer.OutChannels * layer.OutChannels * h * w);
                    break;
            }
        }
        return flops;
    }

    /// <summary>GFLOP/s of a 2048×2048 by 2048×2048 float32 matmul, the median of 5 after a warm-up.</summary>
    public static double MatmulPeakGflops()
    {
        using var a = randn(2048, 2048);
        using var b = randn(2048, 2048);
        var times = new List<double>();
        for (var i = 0; i < 6; i++)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            using (a.mm(b)) { }
            if (i > 0) times.Add(watch.Elapsed.TotalSeconds);
        }
        times.Sort();
        return 2.0 * 2048 * 2048 * 2048 / times[times.Count / 2] / 1e9;
    }
}
