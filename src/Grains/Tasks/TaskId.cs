using System.Globalization;
using StyleFarm.Grains.Jobs;

namespace StyleFarm.Grains.Tasks;

/// <summary>
/// Identifies a task deterministically from what it does, so re-materialising a job's graph (after a
/// coordinator restart or a resume) names the same tasks. <see cref="Key"/> is unique within the job:
/// <c>plan</c>, <c>train</c>, <c>flow/{shot:D4}/{segment:D4}</c>, <c>stylize/{shot:D4}/{segment:D4}/{pass:D2}</c>, <c>encode</c>.
/// Ids order by job, kind, shot, segment, pass.
/// </summary>
public readonly record struct TaskId : IComparable<TaskId>
{
    // Grain messages and state carry task ids as JSON (see Cluster/GrainSerialization).
    [System.Text.Json.Serialization.JsonConstructor]
    private TaskId(JobId job, TaskKind kind, int shot, int segment, int pass)
    {
        Job = job;
        Kind = kind;
        Shot = shot;
        Segment = segment;
        Pass = pass;
    }

    /// <summary>The job.</summary>
    public JobId Job { get; }

    /// <summary>What the task does.</summary>
    public TaskKind Kind { get; }

    /// <summary>The shot's index (0 for plan, encode and train).</summary>
    public int Shot { get; }

    /// <summary>The segment's index in the shot (0 for plan, encode and train).</summary>
    public int Segment { get; }

    /// <summary>The pass, from 1 (0 unless a stylize task).</summary>
    public int Pass { get; }

    /// <summary>The job's plan task.</summary>
    public static TaskId Plan(JobId job) => new(job, TaskKind.Plan, 0, 0, 0);

    /// <summary>The job's encode task.</summary>
    public static TaskId Encode(JobId job) => new(job, TaskKind.Encode, 0, 0, 0);

    /// <summary>The training job's one task.</summary>
    public static TaskId Train(JobId job) => new(job, TaskKind.Train, 0, 0, 0);

    /// <summary>The flow task of one segment.</summary>
    public static TaskId Flow(JobId job, int shot, int segment)
    {
        CheckSegment(shot, segment);
        return new(job, TaskKind.Flow, shot, segment, 0);
    }

    /// <summary>Pass <paramref name="pass"/> (from 1) of one segment.</summary>
    public static TaskId Stylize(JobId job, int shot, int segment, int pass)
    {
        CheckSegment(shot, segment);
        if (pass < 1 || pass > JobSpec.MaxPasses)
            throw new ArgumentOutOfRangeException(nameof(pass), pass, $"passes are numbered 1 … {JobSpec.MaxPasses}");
        return new(job, TaskKind.Stylize, shot, segment, pass);
    }

    /// <summary>The segment a flow or stylize task works on; null for plan and encode.</summary>
    public SegmentRef? SegmentRef => Kind is TaskKind.Flow or TaskKind.Stylize ? new SegmentRef(Job, Shot, Segment) : null;

    /// <summary>The id within the job, as stores key it.</summary>
    public string Key => Kind switch
    {
        TaskKind.Plan => "plan",
        TaskKind.Encode => "encode",
        TaskKind.Train => "train",
        TaskKind.Flow => string.Create(CultureInfo.InvariantCulture, $"flow/{Shot:D4}/{Segment:D4}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"stylize/{Shot:D4}/{Segment:D4}/{Pass:D2}"),
    };

    /// <summary>Reads back a <see cref="Key"/> of job <paramref name="job"/>.</summary>
    /// <exception cref="FormatException">The key is not one this type writes.</exception>
    public static TaskId Parse(JobId job, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parts = key.Split('/');
        try
        {
            switch (parts[0])
            {
                case "plan" when parts.Length == 1: return Plan(job);
                case "encode" when parts.Length == 1: return Encode(job);
                case "train" when parts.Length == 1: return Train(job);
                case "flow" when parts.Length == 3: return Flow(job, Number(parts[1]), Number(parts[2]));
                case "stylize" when parts.Length == 4: return Stylize(job, Number(parts[1]), Number(parts[2]), Number(parts[3]));
            }
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new FormatException($"task key '{key}' is out of range: {e.Message}", e);
        }
        throw new FormatException($"task key '{key}' is not one of plan, encode, train, flow/SHOT/SEGMENT, stylize/SHOT/SEGMENT/PASS");

        int Number(string text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new FormatException($"task key '{key}' has '{text}' where a number belongs");
    }

    /// <inheritdoc />
    public int CompareTo(TaskId other)
    {
        var c = Job.CompareTo(other.Job);
        if (c == 0) c = Kind.CompareTo(other.Kind);
        if (c == 0) c = Shot.CompareTo(other.Shot);
        if (c == 0) c = Segment.CompareTo(other.Segment);
        if (c == 0) c = Pass.CompareTo(other.Pass);
        return c;
    }

    /// <summary>"{job}/{key}".</summary>
    public override string ToString() => $"{Job}/{Key}";

    private static void CheckSegment(int shot, int segment)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shot);
        ArgumentOutOfRangeException.ThrowIfNegative(segment);
    }
}
