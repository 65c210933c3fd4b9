namespace StyleFarm.Kernels.Shots;

/// <summary>What <see cref="HistogramCutDetector.Detect"/> found in a frame sequence.</summary>
/// <param name="FrameCount">Frames read.</param>
/// <param name="Distances">Distances[i] is the histogram distance from frame i − 1 to frame i; Distances[0] is 0.</param>
/// <param name="Cuts">Accepted cuts in frame order.</param>
public sealed record CutDetection(int FrameCount, IReadOnlyList<double> Distances, IReadOnlyList<ShotCut> Cuts)
{
    /// <summary>The shots the cuts divide the sequence into.</summary>
    public IReadOnlyList<Shot> Shots => Shot.FromCuts(Cuts.Select(c => c.Frame), FrameCount);
}
