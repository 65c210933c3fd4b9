namespace StyleFarm.Kernels.Shots;

/// <summary>A detected cut: <see cref="Frame"/> is the first frame of the new shot.</summary>
/// <param name="Frame">Index of the first frame after the cut.</param>
/// <param name="Distance">Histogram distance between frames Frame − 1 and Frame (the cut's score, 0–1).</param>
/// <param name="Threshold">The bar it had to reach there: max(minimum distance, factor × recent median).</param>
public sealed record ShotCut(int Frame, double Distance, double Threshold);
