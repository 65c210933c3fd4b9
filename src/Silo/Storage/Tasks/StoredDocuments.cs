using System.Text.Json;
using System.Text.Json.Serialization;
using StyleFarm.Grains.Jobs;

namespace StyleFarm.Silo.Storage.Tasks;

/// <summary>
/// The JSON forms of what the store keeps as documents: a job's spec and plan, and a task's segment.
/// Plans and segments go through explicit shapes (frame ranges as start/end), so the stored form does
/// not follow every refactoring of the domain records.
/// </summary>
internal static class StoredDocuments
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>The spec as JSON.</summary>
    public static string WriteSpec(JobSpec spec) => JsonSerializer.Serialize(spec, Options);

    /// <summary>A spec written by <see cref="WriteSpec"/>.</summary>
    /// <exception cref="InvalidDataException">The text is not a spec.</exception>
    public static JobSpec ReadSpec(string json, JobId job) =>
        Read<JobSpec>(json, $"spec of job {job}");

    /// <summary>The plan as JSON.</summary>
    public static string WritePlan(JobPlan plan) => JsonSerializer.Serialize(
        new PlanDocument(plan.Width, plan.Height, plan.FrameCount, plan.FrameRate,
            plan.Shots.Select(s => new ShotDocument(s.Index, s.Frames.Start, s.Frames.End)).ToList(),
            plan.IterationsPerPass.ToList()),
        Options);

    /// <summary>A plan written by <see cref="WritePlan"/>.</summary>
    /// <exception cref="InvalidDataException">The text is not a plan.</exception>
    public static JobPlan ReadPlan(string json, JobId job)
    {
        var plan = Read<PlanDocument>(json, $"plan of job {job}");
        return new JobPlan(plan.Width, plan.Height, plan.FrameCount, plan.FrameRate,
            plan.Shots.Select(s => new Shot(s.Index, new FrameRange(s.Start, s.End))).ToList(),
            plan.IterationsPerPass);
    }

    /// <summary>The segment as JSON.</summary>
    public static string WriteSegment(Segment segment) => JsonSerializer.Serialize(
        new SegmentDocument(segment.Shot, segment.Index, segment.Core.Start, segment.Core.End, segment.Halo.Start, segment.Halo.End), Options);

    /// <summary>A segment written by <see cref="WriteSegment"/>.</summary>
    /// <exception cref="InvalidDataException">The text is not a segment.</exception>
    public static Segment ReadSegment(string json, string task)
    {
        var s = Read<SegmentDocument>(json, $"segment of task {task}");
        return new Segment(s.Shot, s.Index, new FrameRange(s.CoreStart, s.CoreEnd), new FrameRange(s.HaloStart, s.HaloEnd));
    }

    private static T Read<T>(string json, string what)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException($"the stored {what} is null");
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            throw new InvalidDataException($"the stored {what} cannot be read ({e.Message}): the row was not written by this store", e);
        }
    }

    private sealed record PlanDocument(int Width, int Height, int FrameCount, double FrameRate, List<ShotDocument> Shots, List<int> IterationsPerPass);

    private sealed record ShotDocument(int Index, int Start, int End);

    private sealed record SegmentDocument(int Shot, int Index, int CoreStart, int CoreEnd, int HaloStart, int HaloEnd);
}
