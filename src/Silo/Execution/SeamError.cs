namespace StyleFarm.Silo.Execution;

/// <summary>
/// The seam error of a distributed render (ALGORITHMS.md §8): the mean temporal error of the frame pairs
/// that straddle two segments' cores divided by the mean temporal error of the pairs inside a core.
/// 1.0 means the seams are invisible; the temporal error of a pair is Table 2's, weighted by the flow's
/// consistency weights (<see cref="SeamErrorMeter"/>).
/// </summary>
/// <param name="SeamPairs">Pairs measured across seams.</param>
/// <param name="SeamTemporalError">Their mean temporal error (0 when there are none).</param>
/// <param name="InsidePairs">Pairs measured inside segments.</param>
/// <param name="InsideTemporalError">Their mean temporal error (0 when there are none).</param>
public sealed record SeamError(int SeamPairs, double SeamTemporalError, int InsidePairs, double InsideTemporalError)
{
    /// <summary>
    /// Seam error ÷ inside error; null when there is no seam (every shot is one segment) or no pair inside
    /// a segment to compare with. When the inside error is 0, 1 if the seam error is 0 too, else +∞.
    /// </summary>
    public double? Ratio =>
        SeamPairs == 0 || InsidePairs == 0 ? null
        : InsideTemporalError > 0 ? SeamTemporalError / InsideTemporalError
        : SeamTemporalError > 0 ? double.PositiveInfinity : 1.0;

    /// <summary>The seam error of the measured pairs <paramref name="pairs"/>.</summary>
    public static SeamError Of(IEnumerable<(FramePairKind Kind, double Error)> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        int seams = 0, inside = 0;
        double seamSum = 0, insideSum = 0;
        foreach (var (kind, error) in pairs)
        {
            if (kind == FramePairKind.Seam) { seams++; seamSum += error; }
            else { inside++; insideSum += error; }
        }
        return new SeamError(seams, seams == 0 ? 0 : seamSum / seams, inside, inside == 0 ? 0 : insideSum / inside);
    }

    /// <summary>"seam error 1.08 (12 seam pairs at 0.0021, 96 inside at 0.0019)".</summary>
    public override string ToString() =>
        $"seam error {(Ratio is { } r ? r.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) : "n/a")} " +
        $"({SeamPairs} seam pairs at {SeamTemporalError:G4}, {InsidePairs} inside at {InsideTemporalError:G4})";
}
