using System.Globalization;
using StyleFarm.Grains.Jobs;
using StyleFarm.Kernels.Stylize;

namespace StyleFarm.Silo.Execution;

/// <summary>
/// A job's spec turned into what the executors run with: the named preset with the job's passes,
/// long-term offsets and flow method, and the overrides of <see cref="JobSpec.Parameters"/> applied;
/// the render size, the bit depth of an image-sequence output, the independent baseline and colour
/// matching. Every executor resolves the same settings from the same spec, so any silo computes the
/// same frames.
/// </summary>
/// <param name="Preset">Every stylizer parameter.</param>
/// <param name="Width">The render width, or null for the input's.</param>
/// <param name="Height">The render height, or null for the input's.</param>
/// <param name="SixteenBit">An image-sequence output is written as 16-bit PNG.</param>
/// <param name="Independent">The baseline: every frame on its own from seeded noise, no temporal term, each with the first-frame iterations (one pass).</param>
/// <param name="MatchColors">DeepMovie §7.1: each shot's content matched to the style's palette and the style to each frame.</param>
/// <param name="Method">Optimisation, or a trained network (Ruder et al. sec. 5).</param>
/// <param name="Model">The network model file of a network job (its one "style image"); null for optimisation.</param>
public sealed record JobSettings(StylePreset Preset, int? Width, int? Height, bool SixteenBit, bool Independent = false, bool MatchColors = false,
    StylizationMethod Method = StylizationMethod.Optimization, string? Model = null)
{
    /// <summary>The parameters a network job takes: the rest set the optimisation's energy and iterations.</summary>
    public static IReadOnlyList<string> NetworkParameters { get; } = ["width", "height", "bit_depth", "independent"];

    /// <summary>The parameter names <see cref="Resolve"/> accepts, with what each sets.</summary>
    public static IReadOnlyDictionary<string, string> Parameters { get; } = new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["iterations"] = "L-BFGS iterations per frame, and per pass of a multi-pass job",
        ["first_frame_iterations"] = "L-BFGS iterations of the first frame of a single-pass sweep",
        ["content_weight"] = "content loss weight",
        ["style_weight"] = "style loss weight",
        ["temporal_weight"] = "temporal loss weight (single and multi-pass)",
        ["coherence_weight"] = "weight of Wang et al.'s coherence term on frames whose flow fails",
        ["tv_weight"] = "total-variation weight",
        ["style_scale"] = "style image area relative to the frame's",
        ["temporal_from_pass"] = "first pass with the temporal loss",
        ["blend_weight"] = "weight of the warped neighbour in a multi-pass init (eq. 13–14)",
        ["tolerance"] = "relative loss change that stops a frame early (0 disables)",
        ["tolerance_window"] = "iterations over which the tolerance is measured",
        ["init"] = "how a shot's first frame starts: content or random",
        ["coherence_below"] = "reliable-pixel fraction (0–1) under which Wang et al.'s coherence term replaces the temporal loss",
        ["independent"] = "true: every frame on its own (the baseline; one pass; a network job: an empty prior every frame)",
        ["match_colors"] = "true: match the style's colour histogram to each shot and frame (DeepMovie §7.1)",
        ["seed"] = "seed of the random-weight network and of noise init",
        ["width"] = "render width in pixels",
        ["height"] = "render height in pixels",
        ["bit_depth"] = "bits per channel of an image-sequence output: 8 or 16",
    };

    /// <summary>Resolves the settings of <paramref name="spec"/>.</summary>
    /// <exception cref="PermanentTaskException">The method is not supported, the preset or a parameter is unknown, or a value is out of range.</exception>
    public static JobSettings Resolve(JobSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        try
        {
            var p = spec.Parameters;
            var unknown = p.Keys.Where(k => !Parameters.ContainsKey(k)).ToList();
            if (unknown.Count > 0)
                throw new ArgumentException($"unknown parameter{(unknown.Count == 1 ? "" : "s")} {string.Join(", ", unknown)}: use {string.Join(", ", Parameters.Keys)}");
            if (spec.Method == StylizationMethod.Network) return ResolveNetwork(spec);
            var preset = StylePresets.Get(spec.Preset);
            var iterations = Int(p, "iterations");
            var temporal = Double(p, "temporal_weight");
            preset = preset with
            {
                Passes = spec.Passes,
                LongTermOffsets = spec.LongTermOffsets.ToArray(),
                FlowMethod = spec.FlowMethod,
                FrameIterations = iterations ?? preset.FrameIterations,
                IterationsPerPass = iterations ?? preset.IterationsPerPass,
                FirstFrameIterations = Int(p, "first_frame_iterations") ?? iterations ?? preset.FirstFrameIterations,
                ContentWeight = Double(p, "content_weight") ?? preset.ContentWeight,
                StyleWeight = Double(p, "style_weight") ?? preset.StyleWeight,
                TemporalWeight = temporal ?? preset.TemporalWeight,
                MultiPassTemporalWeight = temporal ?? preset.MultiPassTemporalWeight,
                CoherenceWeight = Double(p, "coherence_weight") ?? preset.CoherenceWeight,
                TotalVariationWeight = Double(p, "tv_weight") ?? preset.TotalVariationWeight,
                StyleScale = Double(p, "style_scale") ?? preset.StyleScale,
                TemporalFromPass = Int(p, "temporal_from_pass") ?? preset.TemporalFromPass,
                BlendWeight = Double(p, "blend_weight") ?? preset.BlendWeight,
                RelativeTolerance = Double(p, "tolerance") is { } t ? (t == 0 ? null : t) : preset.RelativeTolerance,
                ToleranceWindow = Int(p, "tolerance_window") ?? preset.ToleranceWindow,
                FirstFrameInit = p.TryGetValue("init", out var init) ? ParseInit(init) : preset.FirstFrameInit,
                CoherenceFallbackBelow = Double(p, "coherence_below") ?? preset.CoherenceFallbackBelow,
                Seed = Long(p, "seed") ?? preset.Seed,
            };
            preset.Validate();
            var (width, height, sixteenBit) = Output(p);
            var independent = Bool(p, "independent") ?? false;
            if (independent && spec.Passes != 1)
                throw new ArgumentException($"independent frames are one pass, but the job has {spec.Passes}: submit it with passes 1");
            return new JobSettings(preset, width, height, sixteenBit, independent, Bool(p, "match_colors") ?? false);
        }
        catch (ArgumentException e)
        {
            throw new PermanentTaskException($"the job's settings are invalid: {e.Message}", e);
        }
    }

    // A network job (sec. 5): one forward sweep with the short-term flow; its model file stands where a style image would.
    private static JobSettings ResolveNetwork(JobSpec spec)
    {
        var p = spec.Parameters;
        var optimisation = p.Keys.Where(k => !NetworkParameters.Contains(k)).ToList();
        if (optimisation.Count > 0)
            throw new ArgumentException($"{string.Join(", ", optimisation)} set{(optimisation.Count == 1 ? "s" : "")} the optimization method; a network job takes only {string.Join(", ", NetworkParameters)}");
        if (spec.Passes != 1)
            throw new ArgumentException($"a network job is one forward sweep, but the job has {spec.Passes} passes: submit it with passes 1");
        if (!spec.LongTermOffsets.SequenceEqual([1]))
            throw new ArgumentException($"a network job uses the short-term flow only, but the job asks for long-term offsets {{{string.Join(", ", spec.LongTermOffsets)}}}: submit it with {{1}}");
        if (spec.StyleImages.Count != 1)
            throw new ArgumentException($"a network job names one model file (its style), not {spec.StyleImages.Count}");
        var preset = StylePresets.Get(spec.Preset) with { Passes = 1, LongTermOffsets = [1], FlowMethod = spec.FlowMethod };
        var (width, height, sixteenBit) = Output(p);
        return new JobSettings(preset, width, height, sixteenBit, Bool(p, "independent") ?? false, false, StylizationMethod.Network, spec.StyleImages[0]);
    }

    private static (int? Width, int? Height, bool SixteenBit) Output(IReadOnlyDictionary<string, string> p)
    {
        var width = Int(p, "width");
        var height = Int(p, "height");
        if (width is <= 0 || height is <= 0)
            throw new ArgumentException($"render size {Side(width)}×{Side(height)} must be positive: give a width and height of at least 1 pixel");
        if (width > JobLimits.MaxRenderSide || height > JobLimits.MaxRenderSide)
            throw new ArgumentException($"render size {Side(width)}×{Side(height)} is too large: a side has at most {JobLimits.MaxRenderSide} pixels");
        var depth = Int(p, "bit_depth") ?? 8;
        if (depth is not (8 or 16)) throw new ArgumentException($"bit_depth {depth}: use 8 or 16");
        return (width, height, depth == 16);
    }

    // A side not given follows the input's aspect ratio.
    private static string Side(int? side) => side?.ToString(CultureInfo.InvariantCulture) ?? "auto";

    /// <summary>The render size for an input of <paramref name="inputWidth"/>×<paramref name="inputHeight"/>: as asked, a missing side from the aspect ratio (even, for H.264).</summary>
    public (int Width, int Height) RenderSize(int inputWidth, int inputHeight)
    {
        // Clamped before the cast: a side past int's range would wrap; the preflight refuses anything over JobLimits.MaxRenderSide.
        static int Even(double v) => Math.Max(2, (int)Math.Min(Math.Round(v / 2) * 2, int.MaxValue - 1));
        return (Width, Height) switch
        {
            (null, null) => (inputWidth, inputHeight),
            ({ } w, null) => (w, Even(inputHeight * (double)w / inputWidth)),
            (null, { } h) => (Even(inputWidth * (double)h / inputHeight), h),
            ({ } w, { } h) => (w, h),
        };
    }

    private static FirstFrameInit ParseInit(string text) => text.Trim().ToLowerInvariant() switch
    {
        "content" => FirstFrameInit.Content,
        "random" => FirstFrameInit.Random,
        _ => throw new ArgumentException($"parameter init is '{text}': use content or random"),
    };

    private static bool? Bool(IReadOnlyDictionary<string, string> p, string name) =>
        p.TryGetValue(name, out var text)
            ? bool.TryParse(text, out var v) ? v : throw new ArgumentException($"parameter {name} is '{text}': give true or false")
            : null;

    private static int? Int(IReadOnlyDictionary<string, string> p, string name) =>
        p.TryGetValue(name, out var text)
            ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v
                : throw new ArgumentException($"parameter {name} is '{text}': give a whole number")
            : null;

    private static long? Long(IReadOnlyDictionary<string, string> p, string name) =>
        p.TryGetValue(name, out var text)
            ? long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v
                : throw new ArgumentException($"parameter {name} is '{text}': give a whole number")
            : null;

    private static double? Double(IReadOnlyDictionary<string, string> p, string name) =>
        p.TryGetValue(name, out var text)
            ? double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v
                : throw new ArgumentException($"parameter {name} is '{text}': give a number")
            : null;
}
