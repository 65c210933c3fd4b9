namespace StyleFarm.Silo.Execution;

/// <summary>The temporal error (Table 2's, weighted by the flow's consistency) of one pair of consecutive output frames.</summary>
/// <param name="Frame">The pair's earlier input frame; the later one is the next.</param>
/// <param name="Seam">Whether the two frames belong to different segments' cores.</param>
/// <param name="Error">The pair's temporal error.</param>
public sealed record FramePairError(int Frame, bool Seam, double Error);
