namespace StyleFarm.Silo.Execution;

/// <summary>Where a pair of consecutive frames of a shot lies relative to the segments of a distributed render.</summary>
public enum FramePairKind
{
    /// <summary>Both frames belong to the core of one segment.</summary>
    Inside,

    /// <summary>The frames belong to the cores of two neighbouring segments: the pair straddles a seam.</summary>
    Seam,
}
