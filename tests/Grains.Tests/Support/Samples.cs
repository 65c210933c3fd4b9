using StyleFarm.Grains.Jobs;

namespace StyleFarm.Grains.Tests.Support;

/// <summary>Small specs and plans used across the tests.</summary>
public static class Samples
{
    /// <summary>A valid spec: segments of 4 frames with a halo of 1, <paramref name="passes"/> passes.</summary>
    public static JobSpec Spec(int passes = 2) => new()
    {
        Input = "in.mp4",
        StyleImages = ["starry-night.png"],
        Preset = "fast",
        Output = "out.mp4",
        SegmentLength = 4,
        Halo = 1,
        Passes = passes,
    };

    /// <summary>
    /// 64×32 frames, 10 frames in two shots [0, 6) and [6, 10); pass 1 runs 3 iterations, later passes 2.
    /// With <see cref="Spec"/>: shot 0 splits into [0, 4) and [4, 6) (the tail of 2 is L/2, kept), shot 1 is one segment.
    /// </summary>
    public static JobPlan Plan(int passes = 2) => new(64, 32, 10, 24.0,
        [new Shot(0, new FrameRange(0, 6)), new Shot(1, new FrameRange(6, 10))],
        Enumerable.Range(1, passes).Select(p => p == 1 ? 3 : 2).ToList());
}
