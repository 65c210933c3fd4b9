namespace StyleFarm.Kernels.Shots;

/// <summary>One histogram candidate and the flow check's verdict on it.</summary>
/// <param name="Frame">The first frame of the would-be new shot.</param>
/// <param name="HistogramDistance">Chi-square distance of the colour histograms across the candidate.</param>
/// <param name="ReliableFraction">Fraction of pixels whose flow stayed consistent across it.</param>
/// <param name="Confirmed">Whether it is a cut.</param>
public sealed record CutCandidate(int Frame, double HistogramDistance, double ReliableFraction, bool Confirmed);

/// <summary>The shots of a frame range and the candidates that were checked to find them.</summary>
/// <param name="FirstFrame">The first frame of the range the shots cover; shot frame numbers are absolute.</param>
public sealed record ShotDetection(int FirstFrame, int FrameCount, IReadOnlyList<Shot> Shots, IReadOnlyList<CutCandidate> Candidates);
