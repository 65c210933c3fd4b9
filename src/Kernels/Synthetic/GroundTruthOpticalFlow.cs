using StyleFarm.Kernels.Flow;
using StyleFarm.Kernels.Imaging;

namespace StyleFarm.Kernels.Synthetic;

/// <summary>
/// The exact flow of a <see cref="SyntheticSequence"/> as an <see cref="IOpticalFlow"/>, so that a stylizer
/// can be judged on synthetic video without optical-flow errors (the paper's evaluation uses ground-truth
/// flow). It knows frames by identity: hand the stylizer the instances in <see cref="Frames"/>, and
/// <see cref="Compute"/> returns <see cref="SyntheticSequence.Flow"/> between their indices — the geometric
/// flow everywhere, also where a point leaves the frame or is hidden, exactly as an estimator's output
/// would be used (the consistency check decides where to trust it).
/// </summary>
public sealed class GroundTruthOpticalFlow : IOpticalFlow
{
    private readonly SyntheticSequence _sequence;
    private readonly Dictionary<RgbFrame, int> _index = new(ReferenceEqualityComparer.Instance);

    /// <summary>Renders every frame of <paramref name="sequence"/> once and remembers which is which.</summary>
    public GroundTruthOpticalFlow(SyntheticSequence sequence)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        _sequence = sequence;
        var frames = new RgbFrame[sequence.Count];
        for (var t = 0; t < frames.Length; t++)
        {
            frames[t] = sequence.Frame(t);
            _index[frames[t]] = t;
        }
        Frames = frames;
    }

    /// <summary>"ground-truth".</summary>
    public string Name => "ground-truth";

    /// <summary>The sequence's frames, in order: the only frames <see cref="Compute"/> accepts.</summary>
    public IReadOnlyList<RgbFrame> Frames { get; }

    /// <summary>The exact flow from <paramref name="from"/> to <paramref name="to"/>.</summary>
    /// <exception cref="ArgumentException">A frame is not one of <see cref="Frames"/> (a copy does not count).</exception>
    public FlowField Compute(RgbFrame from, RgbFrame to) => _sequence.Flow(IndexOf(from, nameof(from)), IndexOf(to, nameof(to)));

    private int IndexOf(RgbFrame frame, string name)
    {
        ArgumentNullException.ThrowIfNull(frame, name);
        return _index.TryGetValue(frame, out var t)
            ? t
            : throw new ArgumentException(
                $"this {frame.Width}x{frame.Height} frame is not one of the sequence's {Frames.Count} frames; " +
                "pass the instances from GroundTruthOpticalFlow.Frames (frames are known by identity, not by content)", name);
    }
}
