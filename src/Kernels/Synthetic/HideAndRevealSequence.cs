namespace StyleFarm.Kernels.Synthetic;

/// <summary>
/// A <see cref="SyntheticSequences.HideAndReveal"/> sequence and its timeline: the occluder
/// (<see cref="SyntheticSequence.Occluders"/>[0]) slides in, covers one region of the photo exactly in
/// frames <see cref="FirstHidden"/> to <see cref="LastHidden"/>, and has slid off it from
/// <see cref="FirstRevealed"/> on. In frame 0 it is wholly off screen.
/// </summary>
public sealed class HideAndRevealSequence
{
    private readonly PixelRect _regionAtFirstHidden;
    private readonly ScreenPosition _contentStep;

    internal HideAndRevealSequence(SyntheticSequence sequence, int firstHidden, int lastHidden, int firstRevealed,
        PixelRect regionAtFirstHidden, ScreenPosition contentStep)
    {
        Sequence = sequence;
        FirstHidden = firstHidden;
        LastHidden = lastHidden;
        FirstRevealed = firstRevealed;
        _regionAtFirstHidden = regionAtFirstHidden;
        _contentStep = contentStep;
    }

    /// <summary>The frames, flows and visibility masks.</summary>
    public SyntheticSequence Sequence { get; }

    /// <summary>The first frame in which the occluder covers the region exactly.</summary>
    public int FirstHidden { get; }

    /// <summary>The last frame in which the occluder covers the region exactly.</summary>
    public int LastHidden { get; }

    /// <summary>The first frame after <see cref="LastHidden"/> in which no pixel of the region is covered.</summary>
    public int FirstRevealed { get; }

    /// <summary>
    /// Where the hidden region of the photo appears in frame <paramref name="t"/>: it moves with the pan,
    /// and lies wholly on screen from frame 0 to <see cref="FirstRevealed"/>.
    /// </summary>
    public PixelRect Region(int t)
    {
        var frames = t - FirstHidden;
        return _regionAtFirstHidden with
        {
            Left = _regionAtFirstHidden.Left + frames * _contentStep.X,
            Top = _regionAtFirstHidden.Top + frames * _contentStep.Y,
        };
    }
}
