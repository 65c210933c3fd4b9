namespace StyleFarm.Kernels.Network.Training;

/// <summary>
/// How many frames each training sample has at a given iteration (multi-frame training, sec. 5.2.2, eq. 19): Table 1's
/// schedule of 120,000 iterations (2 frames up to 60,000, 3 up to 70,000, 5 after) scaled to the run's budget, so the
/// same fractions of any budget see 2, 3 and 5 frames. Two-frame training (eq. 17) keeps 2 throughout. A sample of n
/// frames runs the network n − 1 times after the first frame; only the last output is back-propagated (Fig. 5).
/// </summary>
public static class FrameSchedule
{
    /// <summary>The paper's budget, in which <see cref="Table1"/> counts.</summary>
    public const int PaperIterations = 120_000;

    /// <summary>Table 1: from which iteration (of <see cref="PaperIterations"/>) a sample has how many frames.</summary>
    public static IReadOnlyList<(int From, int Frames)> Table1 { get; } = [(0, 2), (60_000, 3), (70_000, 5)];

    /// <summary>The most frames a sample ever has (5): the length of a real-footage tuple.</summary>
    public const int MaxFrames = 5;

    /// <summary>The frames per sample of 0-based iteration <paramref name="iteration"/> of <paramref name="iterations"/>.</summary>
    public static int FramesAt(int iteration, int iterations, bool multiFrame)
    {
        if (iterations < 1) throw new ArgumentOutOfRangeException(nameof(iterations), $"a budget of {iterations} iterations: use at least 1");
        if (iteration < 0 || iteration >= iterations) throw new ArgumentOutOfRangeException(nameof(iteration), $"iteration {iteration} is outside 0 … {iterations - 1}");
        if (!multiFrame) return 2;
        var frames = 2;
        // iteration / iterations ≥ from / 120,000, in whole numbers.
        foreach (var (from, n) in Table1)
            if ((long)iteration * PaperIterations >= (long)from * iterations) frames = n;
        return frames;
    }
}
