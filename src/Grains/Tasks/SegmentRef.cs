using StyleFarm.Grains.Jobs;

namespace StyleFarm.Grains.Tasks;

/// <summary>Names one segment of one job: what a silo's flow cache is keyed by.</summary>
/// <param name="Job">The job.</param>
/// <param name="Shot">The shot's index.</param>
/// <param name="Segment">The segment's index in the shot.</param>
public readonly record struct SegmentRef(JobId Job, int Shot, int Segment)
{
    /// <summary>"{job}/{shot:D4}/{segment:D4}".</summary>
    public override string ToString() => $"{Job}/{Shot:D4}/{Segment:D4}";
}
