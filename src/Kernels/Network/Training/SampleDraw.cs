namespace StyleFarm.Kernels.Network.Training;

/// <summary>
/// The random draws of a training run, each a function of the run's seed, the sample's index and what is drawn, so that
/// a run resumed from a checkpoint draws exactly what an uninterrupted run draws (System.Random with a seed runs the
/// same algorithm on every platform and .NET version).
/// </summary>
public static class SampleDraw
{
    /// <summary>What a draw is for, so that draws for one sample do not share a stream.</summary>
    public enum Purpose
    {
        /// <summary>Footage or still; which item; the synthetic motion.</summary>
        Data = 1,

        /// <summary>Whether the sample gets an empty prior (mixed training).</summary>
        EmptyPrior = 2,

        /// <summary>The order of a pool within an epoch.</summary>
        Shuffle = 3,
    }

    /// <summary>A generator for draw <paramref name="purpose"/> of item <paramref name="index"/> of the run seeded <paramref name="seed"/>.</summary>
    public static Random For(ulong seed, long index, Purpose purpose)
    {
        // SplitMix64's finaliser spreads the three numbers over the 32-bit seed System.Random takes.
        var z = seed + 0x9E3779B97F4A7C15UL * (ulong)(index + 1) + 0xD1B54A32D192ED03UL * (ulong)purpose;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return new Random(unchecked((int)(z ^ (z >> 32))));
    }
}
