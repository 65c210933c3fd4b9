using StyleFarm.Grains.Jobs;

namespace StyleFarm.Grains.Scheduling;

/// <summary>Synthetic films for scheduler tests and the farm simulation bench (pure: no media, only shot lengths).</summary>
public static class SyntheticFilm
{
    /// <summary>
    /// <paramref name="shots"/> shots over <paramref name="frames"/> frames whose lengths follow a
    /// log-normal law (σ = 1.1: most shots last a few seconds, a few last minutes), seeded.
    /// </summary>
    public static IReadOnlyList<Shot> HeavyTailed(int frames, int shots, int seed)
    {
        var random = new Random(seed);
        var raw = new double[shots];
        for (var i = 0; i < shots; i++)
        {
            // Box–Muller: a standard normal from two uniforms.
            var z = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            raw[i] = Math.Exp(1.1 * z);
        }
        var scale = (frames - shots) / raw.Sum();
        var lengths = raw.Select(r => 1 + (int)(r * scale)).ToArray();
        // Rounding left a few frames over: give them to the longest shot.
        var longest = Array.IndexOf(lengths, lengths.Max());
        lengths[longest] += frames - lengths.Sum();
        var result = new Shot[shots];
        var start = 0;
        for (var i = 0; i < shots; i++)
        {
            result[i] = new Shot(i, new FrameRange(start, start + lengths[i]));
            start += lengths[i];
        }
        return result;
    }
}
