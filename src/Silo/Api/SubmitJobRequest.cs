using System.Text.Json.Serialization;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Planning;

namespace StyleFarm.Silo.Api;

/// <summary>
/// The body of <c>POST /api/jobs</c>: a <see cref="JobSpec"/> in JSON. Every field is optional here so
/// that a missing one is reported by <see cref="JobSpec.Validate"/> with a message saying what to give;
/// omitted optional fields take <see cref="JobSpec"/>'s defaults. An unknown field is refused, so a
/// misspelt option is reported rather than silently ignored.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record SubmitJobRequest
{
    /// <summary>See <see cref="JobSpec.Input"/>.</summary>
    public string? Input { get; init; }

    /// <summary>See <see cref="JobSpec.StyleImages"/>.</summary>
    public IReadOnlyList<string>? StyleImages { get; init; }

    /// <summary>"Optimization" or "Network" (see <see cref="JobSpec.Method"/>); default Optimization.</summary>
    public string? Method { get; init; }

    /// <summary>See <see cref="JobSpec.Preset"/>.</summary>
    public string? Preset { get; init; }

    /// <summary>See <see cref="JobSpec.Parameters"/>.</summary>
    public IReadOnlyDictionary<string, string>? Parameters { get; init; }

    /// <summary>See <see cref="JobSpec.Output"/>.</summary>
    public string? Output { get; init; }

    /// <summary>See <see cref="JobSpec.FirstFrame"/>.</summary>
    public int? FirstFrame { get; init; }

    /// <summary>See <see cref="JobSpec.EndFrame"/>.</summary>
    public int? EndFrame { get; init; }

    /// <summary>See <see cref="JobSpec.SegmentLength"/>.</summary>
    public int? SegmentLength { get; init; }

    /// <summary>See <see cref="JobSpec.Halo"/>.</summary>
    public int? Halo { get; init; }

    /// <summary>See <see cref="JobSpec.Passes"/>.</summary>
    public int? Passes { get; init; }

    /// <summary>See <see cref="JobSpec.FlowMethod"/>.</summary>
    public string? FlowMethod { get; init; }

    /// <summary>See <see cref="JobSpec.LongTermOffsets"/>.</summary>
    public IReadOnlyList<int>? LongTermOffsets { get; init; }

    /// <summary>See <see cref="JobSpec.RequireGpu"/>.</summary>
    public bool? RequireGpu { get; init; }

    /// <summary>See <see cref="JobSpec.Overwrite"/>; default false.</summary>
    public bool? Overwrite { get; init; }

    /// <summary>See <see cref="JobSpec.Training"/>: set for a training job; default null (a render).</summary>
    public TrainingJob? Training { get; init; }

    /// <summary>The spec this request describes, defaults filled in (not yet validated).</summary>
    /// <exception cref="ArgumentException">The method is not a known one.</exception>
    public JobSpec ToSpec()
    {
        var method = StylizationMethod.Optimization;
        if (Method is not null && (!Enum.TryParse(Method, ignoreCase: true, out method) || !Enum.IsDefined(method) || int.TryParse(Method, out _)))
            throw new ArgumentException($"method '{Method}' is unknown: use {string.Join(" or ", Enum.GetNames<StylizationMethod>())}");
        var defaults = new JobSpec { Input = "", StyleImages = [], Preset = "", Output = "" };
        return new JobSpec
        {
            Input = Input ?? "",
            StyleImages = StyleImages ?? [],
            Method = method,
            Preset = Preset ?? "",
            Parameters = Parameters ?? new Dictionary<string, string>(),
            Output = Output ?? "",
            FirstFrame = FirstFrame ?? defaults.FirstFrame,
            EndFrame = EndFrame,
            SegmentLength = SegmentLength ?? SegmentPlannerOptions.DefaultLengthFor(Passes ?? defaults.Passes),
            Halo = Halo ?? defaults.Halo,
            Passes = Passes ?? defaults.Passes,
            FlowMethod = FlowMethod ?? defaults.FlowMethod,
            LongTermOffsets = LongTermOffsets ?? defaults.LongTermOffsets,
            RequireGpu = RequireGpu ?? defaults.RequireGpu,
            Overwrite = Overwrite ?? defaults.Overwrite,
            Training = Training,
        };
    }

    /// <summary>The request that describes <paramref name="spec"/> (what the client sends).</summary>
    public static SubmitJobRequest From(JobSpec spec) => new()
    {
        Input = spec.Input,
        StyleImages = spec.StyleImages,
        Method = spec.Method.ToString(),
        Preset = spec.Preset,
        Parameters = spec.Parameters,
        Output = spec.Output,
        FirstFrame = spec.FirstFrame,
        EndFrame = spec.EndFrame,
        SegmentLength = spec.SegmentLength,
        Halo = spec.Halo,
        Passes = spec.Passes,
        FlowMethod = spec.FlowMethod,
        LongTermOffsets = spec.LongTermOffsets,
        RequireGpu = spec.RequireGpu,
        Overwrite = spec.Overwrite,
        Training = spec.Training,
    };
}
