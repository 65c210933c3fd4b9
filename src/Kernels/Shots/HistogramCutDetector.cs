using StyleFarm.Kernels.Imaging;

namespace StyleFarm.Kernels.Shots;

/// <summary>
/// The content half of shot-cut detection: compares each frame's colour histogram with the previous
/// frame's and reports the jumps that stand out from the recent in-shot changes. Each shot restarts
/// from its content frame (DeepMovie, supplementary methods item 5), and carrying coherence across a
/// scene change ghosts the previous scene in (Wang et al. sec. 3); flow consistency confirms these
/// candidates later. Frames are read one at a time; only the last histogram is kept.
/// </summary>
public sealed class HistogramCutDetector(HistogramCutDetectorOptions options)
{
    /// <summary>Detects the cuts in <paramref name="frames"/>, read once in order.</summary>
    public CutDetection Detect(IEnumerable<RgbFrame> frames)
    {
        if (options.MedianWindow < 1 || options.MinimumShotFrames < 1 || options.MedianFactor < 0 || options.MinimumDistance < 0)
            throw new ArgumentException(
                $"cut detector options out of range: median window {options.MedianWindow} and minimum shot {options.MinimumShotFrames} must be ≥ 1, " +
                $"median factor {options.MedianFactor} and minimum distance {options.MinimumDistance} ≥ 0", nameof(options));
        var distances = new List<double>();
        var cuts = new List<ShotCut>();
        var recent = new Queue<double>(); // in-shot distances before the current frame
        ColorHistogram? previous = null;
        foreach (var frame in frames)
        {
            var histogram = ColorHistogram.Of(frame, options.Histogram);
            var frameIndex = distances.Count;
            var distance = previous is null ? 0 : previous.ChiSquareDistance(histogram);
            distances.Add(distance);
            previous = histogram;
            if (frameIndex == 0) continue;

            var threshold = Math.Max(options.MinimumDistance, options.MedianFactor * Median(recent));
            if (distance >= threshold && Accept(cuts, new ShotCut(frameIndex, distance, threshold)))
            {
                recent.Clear();
                continue;
            }
            recent.Enqueue(distance);
            if (recent.Count > options.MedianWindow) recent.Dequeue();
        }
        return new CutDetection(distances.Count, distances, cuts);
    }

    /// <summary>Applies the minimum shot length: returns whether <paramref name="candidate"/> became a cut.</summary>
    private bool Accept(List<ShotCut> cuts, ShotCut candidate)
    {
        var shotStart = cuts.Count == 0 ? 0 : cuts[^1].Frame;
        if (candidate.Frame - shotStart >= options.MinimumShotFrames)
        {
            cuts.Add(candidate);
            return true;
        }
        // Too close to the last boundary: the stronger of the two cuts wins; the first frame always stays.
        if (cuts.Count == 0 || candidate.Distance <= cuts[^1].Distance) return false;
        cuts[^1] = candidate;
        return true;
    }

    private static double Median(Queue<double> values)
    {
        if (values.Count == 0) return 0;
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
