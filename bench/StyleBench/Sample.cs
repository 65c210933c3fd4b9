namespace StyleFarm.Bench.Style;

/// <summary>One timed evaluation: wall-clock and process CPU milliseconds.</summary>
internal readonly record struct Sample(double WallMs, double CpuMs);
