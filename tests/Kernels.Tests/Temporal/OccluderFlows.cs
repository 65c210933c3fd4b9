using StyleFarm.Kernels.Flow;

namespace StyleFarm.Kernels.Tests.Temporal;

/// <summary>
/// Exact flows of a static background with a square occluder that moves right between frames A and B:
/// the band it uncovers in B (x ∈ [Left, Left + Step)) is disoccluded.
/// </summary>
public static class OccluderFlows
{
    public const int Width = 64, Height = 48, Size = 16, Left = 20, Top = 16, Step = 4;

    /// <summary>Forward flow A→B on A's pixels: +Step on the occluder, 0 on the background.</summary>
    public static FlowField Forward() => Square(Left, Step);

    /// <summary>Backward flow B→A on B's pixels: −Step on the occluder (now at Left + Step), 0 elsewhere.</summary>
    public static FlowField Backward() => Square(Left + Step, -Step);

    private static FlowField Square(int left, float u)
    {
        var flow = new FlowField(Width, Height);
        for (var y = Top; y < Top + Size; y++)
        for (var x = left; x < left + Size; x++)
            flow.Set(x, y, u, 0);
        return flow;
    }
}
