namespace StyleFarm.Grains.Planning;

/// <summary>How shots are cut into segments. A job's <see cref="Jobs.JobSpec"/> carries its own values.</summary>
public sealed record SegmentPlannerOptions
{
    /// <summary>Default <see cref="SegmentLength"/>: 24 frames (one second of film).</summary>
    public const int DefaultSegmentLength = 24;

    /// <summary>
    /// A <see cref="SegmentLength"/> that never splits a shot: every shot is one segment. What one machine
    /// renders with (`stylefarm render`): a lone worker gains nothing from segments, and a single-pass sweep
    /// restarts cold at every segment start. The planner never adds to it, so it cannot overflow.
    /// </summary>
    public const int WholeShot = int.MaxValue;

    /// <summary>
    /// The segment length a job gets when it names none: <see cref="WholeShot"/> for a one-pass job,
    /// <see cref="DefaultSegmentLength"/> otherwise. A one-pass sweep starts afresh at every segment's first frame, so
    /// a shot cut for one pass jumps to another stylization once a segment (seam ratio 33 measured on a 24-frame pan
    /// cut into 8-frame segments, preview preset): cutting only pays with the multi-pass sweeps, whose halos let
    /// neighbouring segments converge to one another. Whole shots cost a farm with more silos than shots its
    /// parallelism inside a shot (bench/farm-sim.sh prints both plans); a job that names a length is cut as asked.
    /// </summary>
    public static int DefaultLengthFor(int passes) => passes == 1 ? WholeShot : DefaultSegmentLength;

    /// <summary>Default <see cref="Halo"/>: 4 frames.</summary>
    public const int DefaultHalo = 4;

    /// <summary>
    /// L: frames per segment. Default 24: short enough that a 2-hour film yields thousands of
    /// segments to spread over a farm, long enough that the halo (2h extra frames of flow) stays a
    /// small overhead. A shot shorter than L is one segment; a tail shorter than L/2 is merged into
    /// the segment before it, so segments of a split shot are between ⌈L/2⌉ and ⌈3L/2⌉ − 1 frames.
    /// At least 2; <see cref="WholeShot"/> keeps every shot whole.
    /// </summary>
    public int SegmentLength { get; init; } = DefaultSegmentLength;

    /// <summary>
    /// h: frames of each neighbour a segment reads as its boundary condition (and computes flow
    /// over), clipped at the shot's ends. Default 4. At most L/2, so a halo never reaches past the
    /// neighbouring segment and a pass needs only the previous pass of segments k − 1, k and k + 1.
    /// </summary>
    public int Halo { get; init; } = DefaultHalo;

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentException">Names the value that is out of range and the accepted range.</exception>
    public void Validate()
    {
        if (SegmentLength < 2)
            throw new ArgumentException($"segment length is {SegmentLength} frames: use at least 2 (default {DefaultSegmentLength})", nameof(SegmentLength));
        if (Halo < 0 || Halo > SegmentLength / 2)
            throw new ArgumentException($"halo is {Halo} frames but must be 0 … {SegmentLength / 2} (half the segment length {SegmentLength}) so it never reaches past the neighbouring segment", nameof(Halo));
    }
}
