namespace StyleFarm.Grains.Jobs;

/// <summary>
/// The bounds every job spec must keep, checked before anything else reads it, so a hostile or mistaken request
/// (a 20 MB path, 200,000 style images) is refused with one short line instead of being stored, logged or echoed
/// whole. Errors quote a value through <see cref="Excerpt"/> only.
/// </summary>
public static class JobLimits
{
    /// <summary>The longest input, style or output path or URL, in characters: 4096, Linux's PATH_MAX.</summary>
    public const int MaxPathLength = 4096;

    /// <summary>The most style images one job names: 16 (a farm stylizes with one today; mixing a few is the most anyone asks).</summary>
    public const int MaxStyleImages = 16;

    /// <summary>The most parameter overrides: 64, three times the parameters a job knows.</summary>
    public const int MaxParameters = 64;

    /// <summary>The longest parameter name: 64 characters (the known ones are under 30).</summary>
    public const int MaxParameterNameLength = 64;

    /// <summary>The longest parameter value: 256 characters (numbers, true/false, content/random).</summary>
    public const int MaxParameterValueLength = 256;

    /// <summary>The most long-term offsets J: 64 (the paper uses 4).</summary>
    public const int MaxLongTermOffsets = 64;

    /// <summary>The longest preset or flow method name: 64 characters.</summary>
    public const int MaxNameLength = 64;

    /// <summary>The widest or tallest render in pixels: 16384 (16K; beyond what ffmpeg's encoders and any GPU take).</summary>
    public const int MaxRenderSide = 16384;

    /// <summary>The longest request body the API reads: 1 MiB (a spec at every other limit is under 200 KiB).</summary>
    public const long MaxRequestBytes = 1 << 20;

    /// <summary>How much of an offending value an error quotes: 120 characters (a long path keeps its start and its file name).</summary>
    public const int ExcerptLength = 120;

    /// <summary>
    /// <paramref name="value"/> as an error may quote it: whole up to <see cref="ExcerptLength"/> characters, else its first
    /// and last <see cref="ExcerptLength"/>/2 joined by "…" (the end of a path names the file).
    /// </summary>
    public static string Excerpt(string? value) =>
        value is null ? "" : value.Length <= ExcerptLength ? value : value[..(ExcerptLength / 2)] + "…" + value[^(ExcerptLength / 2)..];

    /// <summary>Checks every bound of <paramref name="spec"/>.</summary>
    /// <exception cref="ArgumentException">Names the field and the bound, quoting at most an excerpt.</exception>
    public static void Check(JobSpec spec)
    {
        Path(spec.Input, "the input");
        Path(spec.Output, "the output");
        if (spec.StyleImages is { Count: > MaxStyleImages })
            throw new ArgumentException($"the job names {spec.StyleImages.Count} style images: give at most {MaxStyleImages}");
        if (spec.StyleImages is not null)
            for (var i = 0; i < spec.StyleImages.Count; i++) Path(spec.StyleImages[i], $"style image {i}");
        Name(spec.Preset, "the preset");
        Name(spec.FlowMethod, "the flow method");
        if (spec.Parameters is { Count: > MaxParameters })
            throw new ArgumentException($"the job has {spec.Parameters.Count} parameter overrides: give at most {MaxParameters}");
        if (spec.Parameters is not null)
            foreach (var (name, value) in spec.Parameters)
            {
                if (name.Length > MaxParameterNameLength)
                    throw new ArgumentException($"the parameter name '{Excerpt(name)}' has {name.Length} characters: names have at most {MaxParameterNameLength}");
                if (value is null || value.Length > MaxParameterValueLength)
                    throw new ArgumentException($"parameter {name} has {(value is null ? "no value" : $"a value of {value.Length} characters ('{Excerpt(value)}')")}: give a value of at most {MaxParameterValueLength}");
            }
        if (spec.LongTermOffsets is { Count: > MaxLongTermOffsets })
            throw new ArgumentException($"the job has {spec.LongTermOffsets.Count} long-term offsets: give at most {MaxLongTermOffsets}");
    }

    private static void Path(string? value, string what)
    {
        if (value is { Length: > MaxPathLength })
            throw new ArgumentException($"{what} '{Excerpt(value)}' has {value.Length} characters: paths and URLs have at most {MaxPathLength}");
        if (value is not null && value.Contains('\0'))
            throw new ArgumentException($"{what} '{Excerpt(value.Replace('\0', '?'))}' holds a NUL character: give a plain path or URL");
    }

    private static void Name(string? value, string what)
    {
        if (value is { Length: > MaxNameLength })
            throw new ArgumentException($"{what} '{Excerpt(value)}' has {value.Length} characters: names have at most {MaxNameLength}");
    }
}
