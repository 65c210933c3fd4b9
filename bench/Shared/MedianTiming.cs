using System.Diagnostics;

namespace StyleFarm.Bench;

/// <summary>The median wall time of an operation after one warm-up call; compiled into each bench that times operations.</summary>
internal static class MedianTiming
{
    /// <summary>Runs <paramref name="op"/> once to warm up, then <paramref name="repeats"/> times, and returns the median in milliseconds.</summary>
    public static double Ms(Action op, int repeats)
    {
        op(); // warm-up: the first call allocates and picks kernels
        var samples = new double[repeats];
        for (var i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            op();
            samples[i] = clock.Elapsed.TotalMilliseconds;
        }
        Array.Sort(samples);
        return samples[repeats / 2];
    }
}
