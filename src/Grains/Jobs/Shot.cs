namespace StyleFarm.Grains.Jobs;

/// <summary>A shot: a run of frames between two cuts, stylized afresh (flow is meaningless across a cut).</summary>
/// <param name="Index">0-based position in the input.</param>
/// <param name="Frames">Its frames, numbered in the whole input.</param>
public sealed record Shot(int Index, FrameRange Frames)
{
    /// <summary>Frames in the shot.</summary>
    public int FrameCount => Frames.Count;
}
