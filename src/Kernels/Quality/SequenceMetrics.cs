using StyleFarm.Kernels.Synthetic;
using TorchSharp;
using static TorchSharp.torch;

namespace StyleFarm.Kernels.Quality;

/// <summary>The judging metrics of ALGORITHMS.md §8 on stylized synthetic sequences, with their exact flow and visibility.</summary>
public static class SequenceMetrics
{
    /// <summary>
    /// The temporal error (Table 2) between stylized frames <paramref name="a"/> and <paramref name="b"/>:
    /// frame b warped onto frame a with the ground-truth flow a → b, mean squared error over the pixels of
    /// frame a that are visible in frame b and, when <paramref name="region"/> is given, lie in it.
    /// </summary>
    public static double TemporalError(SyntheticSequence sequence, IReadOnlyList<Tensor> stylized, int a, int b, PixelRect? region = null)
    {
        using var scope = NewDisposeScope();
        var flow = sequence.Flow(a, b);
        var visible = sequence.Visible(a, b);
        var mask = new float[visible.Length];
        for (var y = 0; y < sequence.Height; y++)
        {
            for (var x = 0; x < sequence.Width; x++)
            {
                var i = y * sequence.Width + x;
                mask[i] = visible[i] && (region is not { } r || r.Contains(x, y)) ? 1f : 0f;
            }
        }
        return StyleFarm.Kernels.Temporal.TemporalError.Compute(stylized[a], stylized[b], tensor(flow.Data, [1, flow.Height, flow.Width, 2]),
            tensor(mask, [1, 1, sequence.Height, sequence.Width]));
    }

    /// <summary>The mean temporal error over every pair of consecutive frames (how Table 2 averages a sequence).</summary>
    public static double MeanShortTermError(SyntheticSequence sequence, IReadOnlyList<Tensor> stylized) =>
        Enumerable.Range(1, stylized.Count - 1).Average(t => TemporalError(sequence, stylized, t - 1, t));

    /// <summary>
    /// The standard deviation of the pixel values of <paramref name="image"/> [1,3,H,W] in columns
    /// [<paramref name="left"/>, <paramref name="left"/> + <paramref name="width"/>), per channel, averaged over
    /// the channels: the contrast of a vertical band.
    /// </summary>
    public static double BandContrast(Tensor image, int left, int width)
    {
        var (h, w) = ((int)image.shape[2], (int)image.shape[3]);
        float[] values;
        using (NewDisposeScope()) values = image.detach().cpu().contiguous().data<float>().ToArray();
        var total = 0.0;
        for (var c = 0; c < 3; c++)
        {
            double sum = 0, squares = 0;
            for (var y = 0; y < h; y++)
            {
                for (var x = left; x < left + width; x++)
                {
                    double v = values[(c * h + y) * w + x];
                    sum += v;
                    squares += v * v;
                }
            }
            var n = h * width;
            var mean = sum / n;
            total += Math.Sqrt(Math.Max(squares / n - mean * mean, 0));
        }
        return total / 3;
    }
}
