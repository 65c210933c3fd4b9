using StyleFarm.Grains.Planning;

namespace StyleFarm.Grains.Jobs;

/// <summary>
/// What a user asks for: the input, the style, how to stylize, where to write, and how to cut the
/// work. Immutable once submitted; <see cref="Validate"/> checks it before the job is stored.
/// </summary>
public sealed record JobSpec
{
    /// <summary>The video or image sequence to stylize: a path or a blob URI.</summary>
    public required string Input { get; init; }

    /// <summary>Style image(s), paths or blob URIs; at least one. A <see cref="StylizationMethod.Network"/> job names its trained model file here: the network carries its style.</summary>
    public required IReadOnlyList<string> StyleImages { get; init; }

    /// <summary>Optimisation (Gatys + Ruder) or feed-forward network.</summary>
    public StylizationMethod Method { get; init; } = StylizationMethod.Optimization;

    /// <summary>Name of the preset that fixes the method's weights and iteration counts, e.g. "paper".</summary>
    public required string Preset { get; init; }

    /// <summary>Overrides of preset parameters by name (e.g. "style_weight" → "200"); parsed by the executor.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Where the stylized film goes: a path or a blob URI.</summary>
    public required string Output { get; init; }

    /// <summary>The first input frame to stylize (frames count from 0 in the whole input). Default 0.</summary>
    public int FirstFrame { get; init; }

    /// <summary>
    /// One past the last input frame to stylize; null (the default) to the input's end. A range reaching past
    /// the end is refused before the job is queued (JobPreflight, when the input can be read there). Only the range
    /// is planned and written (an image-sequence output keeps the input's frame numbers).
    /// </summary>
    public int? EndFrame { get; init; }

    /// <summary>Segment length L in frames; see <see cref="SegmentPlannerOptions.SegmentLength"/>.</summary>
    public int SegmentLength { get; init; } = SegmentPlannerOptions.DefaultSegmentLength;

    /// <summary>Halo h in frames on each side of a segment; see <see cref="SegmentPlannerOptions.Halo"/>.</summary>
    public int Halo { get; init; } = SegmentPlannerOptions.DefaultHalo;

    /// <summary>
    /// Stylize passes (ALGORITHMS.md §4). 1 is the single forward sweep of the basic method; with 2 or
    /// more, pass 1 stylizes frames independently and later passes alternate forward and backward.
    /// At most <see cref="MaxPasses"/>.
    /// </summary>
    public int Passes { get; init; } = 1;

    /// <summary>Optical-flow method name understood by the flow executor ("dis", "deepflow", "farneback").</summary>
    public string FlowMethod { get; init; } = "dis";

    /// <summary>Long-term offsets J (ALGORITHMS.md §3): positive, distinct, and containing 1 (the short-term flow).</summary>
    public IReadOnlyList<int> LongTermOffsets { get; init; } = [1];

    /// <summary>
    /// Whether stylize tasks (a training job: its train task) must run on a GPU silo; otherwise any silo with the memory
    /// may take them. Default false; `submit --train` sets it unless given --cpu.
    /// </summary>
    public bool RequireGpu { get; init; }

    /// <summary>
    /// Set for a training job (`submit --train`): its data and settings. The job then has one train task instead of a
    /// plan and a task graph; <see cref="Input"/> names its first data folder (for listings), <see cref="StyleImages"/> the
    /// style image and <see cref="Output"/> the model (a file name or a URL whose last segment names it). Null: a render.
    /// </summary>
    public TrainingJob? Training { get; init; }

    /// <summary>
    /// Whether the job may replace an output that already exists (`submit --overwrite`). Default false: a farm refuses
    /// an existing output file, or a folder already holding frames of the output's pattern, at submission and again
    /// before it writes. `render` sets it: the output on one machine is the user's own file.
    /// </summary>
    public bool Overwrite { get; init; }

    /// <summary>The largest pass count (artifact keys give the pass two digits).</summary>
    public const int MaxPasses = 99;

    /// <summary>Checks every field.</summary>
    /// <exception cref="ArgumentException">Names the field, what was wrong with it and what is accepted.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Input))
            throw new ArgumentException("job has no input: give the path or URI of a video or image sequence", nameof(Input));
        if (StyleImages is null || StyleImages.Count == 0)
            throw new ArgumentException("job has no style image: give at least one", nameof(StyleImages));
        for (var i = 0; i < StyleImages.Count; i++)
            if (string.IsNullOrWhiteSpace(StyleImages[i]))
                throw new ArgumentException($"style image {i} is empty: give a path or URI", nameof(StyleImages));
        if (!Enum.IsDefined(Method))
            throw new ArgumentException($"method {(int)Method} is unknown: use Optimization or Network", nameof(Method));
        if (string.IsNullOrWhiteSpace(Preset))
            throw new ArgumentException("job has no preset: name one (e.g. \"paper\")", nameof(Preset));
        if (Parameters is null)
            throw new ArgumentException("parameter overrides are null: pass an empty map for none", nameof(Parameters));
        foreach (var key in Parameters.Keys)
            if (string.IsNullOrWhiteSpace(key))
                throw new ArgumentException("a parameter override has an empty name", nameof(Parameters));
        if (string.IsNullOrWhiteSpace(Output))
            throw new ArgumentException("job has no output: give a path or URI for the stylized film", nameof(Output));
        if (FirstFrame < 0)
            throw new ArgumentException($"first frame is {FirstFrame}: frames count from 0", nameof(FirstFrame));
        if (EndFrame is { } end && end <= FirstFrame)
            throw new ArgumentException($"the frame range {FirstFrame}:{end} is empty: its end must be after its first frame {FirstFrame}", nameof(EndFrame));
        new SegmentPlannerOptions { SegmentLength = SegmentLength, Halo = Halo }.Validate();
        if (Passes < 1 || Passes > MaxPasses)
            throw new ArgumentException($"passes is {Passes}: use 1 … {MaxPasses}", nameof(Passes));
        if (string.IsNullOrWhiteSpace(FlowMethod))
            throw new ArgumentException("job has no flow method: name one (\"dis\", \"deepflow\", \"farneback\")", nameof(FlowMethod));
        Training?.Validate();
        if (Training is not null && StyleImages.Count != 1)
            throw new ArgumentException($"a training job trains one style: it names {StyleImages.Count} style images", nameof(StyleImages));
        if (LongTermOffsets is null || LongTermOffsets.Count == 0)
            throw new ArgumentException("long-term offsets are empty: give at least {1}", nameof(LongTermOffsets));
        if (LongTermOffsets.Any(j => j <= 0))
            throw new ArgumentException($"long-term offsets {{{string.Join(", ", LongTermOffsets)}}} contain a non-positive offset: offsets count frames back and are ≥ 1", nameof(LongTermOffsets));
        if (LongTermOffsets.Distinct().Count() != LongTermOffsets.Count)
            throw new ArgumentException($"long-term offsets {{{string.Join(", ", LongTermOffsets)}}} repeat an offset", nameof(LongTermOffsets));
        if (!LongTermOffsets.Contains(1))
            throw new ArgumentException($"long-term offsets {{{string.Join(", ", LongTermOffsets)}}} lack 1: the short-term flow between neighbouring frames is always needed", nameof(LongTermOffsets));
    }

    /// <summary>
    /// Whether <paramref name="other"/> asks for exactly the same job: every field equal, lists and
    /// parameter overrides compared by value (record equality compares them by reference).
    /// </summary>
    public bool IsSameJobAs(JobSpec other) =>
        StyleImages.SequenceEqual(other.StyleImages)
        && LongTermOffsets.SequenceEqual(other.LongTermOffsets)
        && Parameters.Count == other.Parameters.Count
        && Parameters.All(p => other.Parameters.TryGetValue(p.Key, out var value) && value == p.Value)
        && (Training is null ? other.Training is null : Training.IsSameAs(other.Training))
        && WithoutCollections() == other.WithoutCollections();

    // The same empty instances on both sides, so record equality compares every other field, including any added later.
    private JobSpec WithoutCollections() =>
        this with { StyleImages = Array.Empty<string>(), LongTermOffsets = Array.Empty<int>(), Parameters = NoParameters, Training = null };

    private static readonly IReadOnlyDictionary<string, string> NoParameters = new Dictionary<string, string>();
}
