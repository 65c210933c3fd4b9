using System.CommandLine;
using System.Globalization;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Planning;
using StyleFarm.Kernels.Stylize;

namespace StyleFarm.Client.Cli;

/// <summary>
/// The options `stylefarm render` and `stylefarm submit` share: one definition, read the same way by both
/// into one <see cref="JobSpec"/> (<see cref="JobSpecOf"/>), whose parameter overrides the farm's executors
/// apply to the named preset. Render runs that job on an embedded farm, submit sends it to a farm. Only the
/// default segment length differs: a farm cuts shots into segments of L frames, one machine keeps shots whole.
/// </summary>
/// <param name="defaultSegmentLength">L when --segment-length is not given: <see cref="SegmentPlannerOptions.DefaultSegmentLength"/> for a farm, <see cref="SegmentPlannerOptions.WholeShot"/> for render.</param>
public sealed class RenderOptions(int defaultSegmentLength = SegmentPlannerOptions.DefaultSegmentLength)
{
    /// <summary>The style image (the optimisation method's).</summary>
    public Option<string?> Style { get; } = new("--style") { Description = "the style image (a painting); the optimization method's" };

    /// <summary>Optimisation or a trained network.</summary>
    public Option<string> Method { get; } = new("--method") { Description = "optimization (Gatys + Ruder, the default) or network (a model made by `stylefarm train`)", DefaultValueFactory = _ => "optimization" };

    /// <summary>The network method's model file.</summary>
    public Option<string?> Model { get; } = new("--model") { Description = "the network method's model file (it carries its style); on a farm also job:JOB/NAME, a model its training job stored" };

    /// <summary>Where the stylized film goes.</summary>
    public Option<string> Output { get; } = new("--output", "-o") { Description = "a video (.mp4: H.264, .mkv: lossless) or an image-sequence pattern (out/%05d.png)", Required = true };

    /// <summary>The preset the other options override.</summary>
    public Option<string> Preset { get; } = new("--preset") { Description = "paper, balanced or preview (see the README's table)", DefaultValueFactory = _ => "balanced" };

    /// <summary>Stylize passes.</summary>
    public Option<int?> Passes { get; } = new("--passes") { Description = "passes over each shot: 1 is sequential; more alternate forward/backward (§4)" };

    /// <summary>L-BFGS iterations per frame and per pass.</summary>
    public Option<int?> Iterations { get; } = new("--iterations") { Description = "L-BFGS iterations per frame (and per pass of a multi-pass render)" };

    /// <summary>L-BFGS iterations of a shot's first frame.</summary>
    public Option<int?> FirstFrameIterations { get; } = new("--first-frame-iterations") { Description = "L-BFGS iterations of a shot's first frame" };

    /// <summary>Long-term offsets J.</summary>
    public Option<string?> LongTerm { get; } = new("--long-term") { Description = "long-term offsets J, e.g. 1,10,20,40 (eq. 11-12); 1 is short-term only" };

    /// <summary>Temporal loss weight.</summary>
    public Option<double?> TemporalWeight { get; } = new("--temporal-weight") { Description = "temporal loss weight (single pass; also the multi-pass weight when given)" };

    /// <summary>Weight of Wang et al.'s coherence term on frames whose flow fails.</summary>
    public Option<double?> CoherenceWeight { get; } = new("--coherence-weight") { Description = "weight of the coherence term on frames whose flow fails (Wang et al.)" };

    /// <summary>Content loss weight.</summary>
    public Option<double?> ContentWeight { get; } = new("--content-weight") { Description = "content loss weight" };

    /// <summary>Style loss weight.</summary>
    public Option<double?> StyleWeight { get; } = new("--style-weight") { Description = "style loss weight" };

    /// <summary>Total-variation weight.</summary>
    public Option<double?> TvWeight { get; } = new("--tv-weight") { Description = "total-variation weight" };

    /// <summary>Style image scale.</summary>
    public Option<double?> StyleScale { get; } = new("--style-scale") { Description = "style image area relative to the frame's" };

    /// <summary>First pass with the temporal loss.</summary>
    public Option<int?> TemporalFromPass { get; } = new("--temporal-from-pass") { Description = "multi-pass: first pass with the temporal loss" };

    /// <summary>Optical-flow method.</summary>
    public Option<string?> Flow { get; } = new("--flow") { Description = "optical flow: dis or deepflow" };

    /// <summary>Early-stop tolerance.</summary>
    public Option<double?> Tolerance { get; } = new("--tolerance") { Description = "stop a frame when the loss changes by less than this fraction over the window (0 disables)" };

    /// <summary>Blend weight of the warped neighbour in a multi-pass init.</summary>
    public Option<double?> BlendWeight { get; } = new("--blend-weight") { Description = "multi-pass: weight w of the warped neighbour in (x + w·c·ω)/(1 + w·c) (eq. 13-14)" };

    /// <summary>Window of the relative-tolerance stop.</summary>
    public Option<int?> ToleranceWindow { get; } = new("--tolerance-window") { Description = "iterations over which --tolerance is measured" };

    /// <summary>How a shot's first frame starts.</summary>
    public Option<string?> Init { get; } = new("--init") { Description = "first frame of a shot: content or random" };

    /// <summary>Reliable-pixel fraction under which Wang et al.'s coherence term replaces the temporal loss.</summary>
    public Option<double?> CoherenceBelow { get; } = new("--coherence-below") { Description = "use the coherence term on frames whose flow is reliable for fewer than this fraction of pixels" };

    /// <summary>Seed of noise and of the random-weight network.</summary>
    public Option<long?> Seed { get; } = new("--seed") { Description = "seed of noise and of the random-weight network" };

    /// <summary>Render width.</summary>
    public Option<int?> Width { get; } = new("--width") { Description = "render width (height follows the aspect ratio unless given)" };

    /// <summary>Render height.</summary>
    public Option<int?> Height { get; } = new("--height") { Description = "render height" };

    /// <summary>Bits per channel of an image-sequence output.</summary>
    public Option<int> BitDepth { get; } = new("--bit-depth") { Description = "image-sequence output: 8 or 16 bits per channel", DefaultValueFactory = _ => 8 };

    /// <summary>The input frames to render.</summary>
    public Option<string?> Frames { get; } = new("--frames") { Description = "the input frames A:B to render (default: all); an image sequence keeps the input's frame numbers" };

    /// <summary>The independent baseline.</summary>
    public Option<bool> Independent { get; } = new("--independent") { Description = "the baseline: every frame on its own, noise init, no temporal term, first-frame iterations each" };

    /// <summary>DeepMovie §7.1 colour matching.</summary>
    public Option<bool> MatchColors { get; } = new("--match-colors") { Description = "match the style's colour histogram to each shot and frame (DeepMovie §7.1)" };

    /// <summary>Segment length L.</summary>
    public Option<int?> SegmentLength { get; } = new("--segment-length")
    {
        Description = defaultSegmentLength == SegmentPlannerOptions.WholeShot
            ? "frames per segment L (default: whole shots, as one machine gains nothing from cutting them)"
            : $"frames per segment L (default {defaultSegmentLength} with --passes 2 or more; whole shots for one pass, whose sweep would start afresh at every cut)",
    };

    /// <summary>Halo h.</summary>
    public Option<int?> Halo { get; } = new("--halo") { Description = $"halo frames h on each side of a segment (default {SegmentPlannerOptions.DefaultHalo}, at most L/2)" };

    /// <summary>Every option, in the order help lists them.</summary>
    public IEnumerable<Option> All =>
    [
        Style, Method, Model, Output, Preset, Passes, Iterations, FirstFrameIterations, LongTerm, TemporalWeight, CoherenceWeight, ContentWeight, StyleWeight, TvWeight,
        StyleScale, TemporalFromPass, BlendWeight, Flow, Tolerance, ToleranceWindow, Init, CoherenceBelow, Seed, Width, Height, BitDepth, Frames,
        Independent, MatchColors, SegmentLength, Halo,
    ];

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in All) command.Options.Add(option);
    }

    private static FirstFrameInit ParseInit(string text) => text.ToLowerInvariant() switch
    {
        "content" => FirstFrameInit.Content,
        "random" => FirstFrameInit.Random,
        _ => throw new ArgumentException($"--init '{text}': use content or random"),
    };

    /// <summary>The bits per channel of --bit-depth.</summary>
    /// <exception cref="ArgumentException">It is neither 8 nor 16.</exception>
    public int BitDepthOf(ParseResult parse)
    {
        var depth = parse.GetValue(BitDepth);
        return depth is 8 or 16 ? depth : throw new ArgumentException($"--bit-depth {depth}: use 8 or 16");
    }

    /// <summary>
    /// The job render runs and submit sends for <paramref name="input"/>: the preset's passes, long-term offsets and
    /// flow method unless given, the frame range and the cut, and every other given option as a parameter override
    /// (the names the executors read, <c>JobSettings.Parameters</c>).
    /// </summary>
    /// <exception cref="ArgumentException">The preset is unknown or a value is malformed.</exception>
    public JobSpec JobSpecOf(ParseResult parse, string input)
    {
        var method = MethodOf(parse);
        var chosen = StylePresets.Get(parse.GetValue(Preset)!);
        var independent = parse.GetValue(Independent);
        if (independent)
            foreach (var option in new Option[] { Passes, LongTerm })
                if (parse.GetResult(option) is { Implicit: false })
                    throw new ArgumentException($"--independent stylizes every frame on its own in one pass: leave out {option.Name}");
        var parameters = new SortedDictionary<string, string>(StringComparer.Ordinal);
        void Add<T>(string name, T? value) where T : struct, IFormattable
        {
            if (value is { } v) parameters[name] = v.ToString(null, CultureInfo.InvariantCulture);
        }
        Add("iterations", parse.GetValue(Iterations));
        Add("first_frame_iterations", parse.GetValue(FirstFrameIterations));
        Add("temporal_weight", parse.GetValue(TemporalWeight));
        Add("coherence_weight", parse.GetValue(CoherenceWeight));
        Add("content_weight", parse.GetValue(ContentWeight));
        Add("style_weight", parse.GetValue(StyleWeight));
        Add("tv_weight", parse.GetValue(TvWeight));
        Add("style_scale", parse.GetValue(StyleScale));
        Add("temporal_from_pass", parse.GetValue(TemporalFromPass));
        Add("tolerance", parse.GetValue(Tolerance));
        Add("tolerance_window", parse.GetValue(ToleranceWindow));
        Add("coherence_below", parse.GetValue(CoherenceBelow));
        Add("seed", parse.GetValue(Seed));
        Add("blend_weight", parse.GetValue(BlendWeight));
        Add("width", parse.GetValue(Width));
        Add("height", parse.GetValue(Height));
        if (BitDepthOf(parse) != 8) Add("bit_depth", (int?)BitDepthOf(parse));
        if (parse.GetValue(Init) is { } init) parameters["init"] = ParseInit(init) == FirstFrameInit.Content ? "content" : "random";
        if (independent) parameters["independent"] = "true";
        if (parse.GetValue(MatchColors)) parameters["match_colors"] = "true";
        var range = parse.GetValue(Frames) is { } text ? FrameRange.Parse(text) : FrameRange.All;
        var passes = independent ? 1 : parse.GetValue(Passes) ?? chosen.Passes;
        var length = parse.GetValue(SegmentLength)
            ?? (defaultSegmentLength == SegmentPlannerOptions.WholeShot ? defaultSegmentLength : SegmentPlannerOptions.DefaultLengthFor(passes));
        if (method == StylizationMethod.Network)
        {
            // One forward sweep with the short-term flow; the model file stands where the style image would (JobSpec.StyleImages).
            passes = 1;
            length = parse.GetValue(SegmentLength) ?? SegmentPlannerOptions.WholeShot;
        }
        return new JobSpec
        {
            Input = input,
            Method = method,
            StyleImages = [method == StylizationMethod.Network ? parse.GetValue(Model)! : parse.GetValue(Style)!],
            Preset = chosen.Name,
            Parameters = parameters,
            Output = parse.GetValue(Output)!,
            FirstFrame = range.Start,
            EndFrame = range.End,
            SegmentLength = length,
            // The default halo shrinks with a short segment (it may reach at most halfway into the neighbour).
            Halo = parse.GetValue(Halo) ?? Math.Min(SegmentPlannerOptions.DefaultHalo, length / 2),
            Passes = passes,
            // A network renders at interactive speed: DIS unless asked otherwise (the paper's network used FlowNet 2.0, a fast flow).
            FlowMethod = parse.GetValue(Flow) ?? (method == StylizationMethod.Network ? "dis" : chosen.FlowMethod),
            LongTermOffsets = independent || method == StylizationMethod.Network ? [1] : parse.GetValue(LongTerm) is { } j ? ParseOffsets(j) : chosen.LongTermOffsets,
        };
    }

    // The method, with the options it needs and none of the other's.
    private StylizationMethod MethodOf(ParseResult parse)
    {
        var name = parse.GetValue(Method)!.Trim().ToLowerInvariant();
        if (name is "optimization" or "optimisation")
        {
            if (parse.GetValue(Model) is not null) throw new ArgumentException("--model is the network method's: add --method network, or leave out --model");
            if (parse.GetValue(Style) is null) throw new ArgumentException("give the style image with --style (or render with --method network --model MODEL)");
            return StylizationMethod.Optimization;
        }
        if (name != "network") throw new ArgumentException($"--method '{parse.GetValue(Method)}': use optimization or network");
        if (parse.GetValue(Model) is null) throw new ArgumentException("--method network needs the trained model: --model MODEL (made by `stylefarm train`)");
        if (parse.GetValue(Style) is not null) throw new ArgumentException("a network's style is in its model: leave out --style with --method network");
        var optimisation = new Option[] { Passes, Iterations, FirstFrameIterations, LongTerm, TemporalWeight, CoherenceWeight, ContentWeight, StyleWeight,
            TvWeight, StyleScale, TemporalFromPass, BlendWeight, Tolerance, ToleranceWindow, Init, CoherenceBelow, Seed, MatchColors };
        var given = optimisation.Where(o => parse.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToList();
        if (given.Count > 0) throw new ArgumentException($"{string.Join(", ", given)} set{(given.Count == 1 ? "s" : "")} the optimization method: leave {(given.Count == 1 ? "it" : "them")} out with --method network");
        return StylizationMethod.Network;
    }

    private static IReadOnlyList<int> ParseOffsets(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return parts.Select(p => int.TryParse(p, out var j) && j >= 1
            ? j
            : throw new ArgumentException($"--long-term '{text}': '{p}' is not a frame offset ≥ 1")).ToArray();
    }
}
