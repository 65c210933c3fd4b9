using StyleFarm.Kernels.Imaging;

namespace StyleFarm.Kernels.Color;

/// <summary>
/// DeepMovie §7.1 colour matching for one shot. <see cref="Measure"/> counts the shot's histogram
/// in one streaming pass (frames are not kept); then step 1 maps frames so that the whole shot,
/// viewed as one image, takes the style image's histogram, and step 2 matches the style image to
/// each step-1 frame, giving one style image per frame (the "style movie" of Fig. 5a).
/// </summary>
/// <remarks>
/// The cheaper shot-level style image (<see cref="ShotStyle"/>, the style matched to the whole
/// shot) is computed once, when first asked for, so a stylizer that computes Gram matrices once per
/// style can use it. <see cref="ColorMatchingMode"/> says how <see cref="Frames"/> pairs content and
/// style in each mode; the default is the per-frame procedure.
/// </remarks>
public sealed class ShotColorMatching
{
    private readonly Lazy<RgbFrame> _shotStyle;

    private ShotColorMatching(RgbFrame style, RgbHistogram shotHistogram, int frameCount, int frameWidth, int frameHeight,
        ColorMatchingOptions options)
    {
        Style = style;
        Options = options;
        ShotHistogram = shotHistogram;
        StyleHistogram = RgbHistogram.Of(style);
        FrameCount = frameCount;
        FrameWidth = frameWidth;
        FrameHeight = frameHeight;
        ShotToStyle = new HistogramMatcher(shotHistogram, StyleHistogram);
        // The reverse of step 1's pair of histograms: the style takes the shot's colours.
        _shotStyle = new Lazy<RgbFrame>(() => new HistogramMatcher(StyleHistogram, ShotHistogram).Apply(Style));
    }

    /// <summary>The style image as given.</summary>
    public RgbFrame Style { get; }

    /// <summary>The settings, including the mode that <see cref="Frames"/> follows.</summary>
    public ColorMatchingOptions Options { get; }

    /// <summary>The histogram of every frame of the shot counted together.</summary>
    public RgbHistogram ShotHistogram { get; }

    /// <summary>The histogram of <see cref="Style"/>.</summary>
    public RgbHistogram StyleHistogram { get; }

    /// <summary>Frames in the shot, as counted by <see cref="Measure"/>.</summary>
    public int FrameCount { get; }

    /// <summary>Width of every frame of the shot.</summary>
    public int FrameWidth { get; }

    /// <summary>Height of every frame of the shot.</summary>
    public int FrameHeight { get; }

    /// <summary>Step 1's tables: shot levels to style levels, the same for every frame of the shot.</summary>
    public HistogramMatcher ShotToStyle { get; }

    /// <summary>
    /// The shot-level style image: <see cref="Style"/> matched to the histogram of the whole
    /// original shot (a dark shot gives a darker style image). Computed on first use, then reused.
    /// </summary>
    public RgbFrame ShotStyle => _shotStyle.Value;

    /// <summary>
    /// Pass 1: counts the histogram of <paramref name="shot"/> frame by frame, holding one frame at
    /// a time. The shot must have at least one frame, and all its frames one size; the style image
    /// may have any size.
    /// </summary>
    public static ShotColorMatching Measure(IEnumerable<RgbFrame> shot, RgbFrame style, ColorMatchingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(shot);
        ArgumentNullException.ThrowIfNull(style);
        var histogram = new RgbHistogram();
        int count = 0, width = 0, height = 0;
        foreach (var frame in shot)
        {
            if (frame is null) throw new ArgumentException($"shot frame {count} is null", nameof(shot));
            if (count == 0) (width, height) = (frame.Width, frame.Height);
            else CheckSize(frame, count, width, height, nameof(shot));
            histogram.Add(frame);
            count++;
        }
        if (count == 0)
            throw new ArgumentException("the shot has no frames: colour matching needs at least one frame to measure", nameof(shot));
        return new ShotColorMatching(style, histogram, count, width, height, options ?? ColorMatchingOptions.Default);
    }

    /// <summary>
    /// The matching of a shot measured elsewhere: <paramref name="shotHistogram"/> is the histogram of its
    /// <paramref name="frameCount"/> frames of <paramref name="frameWidth"/>×<paramref name="frameHeight"/>
    /// counted together (what <see cref="Measure"/> counts), e.g. stored by one machine and read by the
    /// others that stylize parts of the shot, so that they all match colours the same way.
    /// </summary>
    /// <exception cref="ArgumentException">The counts do not add up to <paramref name="frameCount"/> frames of that size.</exception>
    public static ShotColorMatching FromHistogram(RgbHistogram shotHistogram, int frameCount, int frameWidth, int frameHeight, RgbFrame style,
        ColorMatchingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(shotHistogram);
        ArgumentNullException.ThrowIfNull(style);
        if (frameCount < 1 || frameWidth < 1 || frameHeight < 1)
            throw new ArgumentException($"a measured shot has at least one frame of at least 1×1 pixel, not {frameCount} of {frameWidth}×{frameHeight}", nameof(frameCount));
        var pixels = (long)frameCount * frameWidth * frameHeight;
        for (var c = 0; c < 3; c++)
            if (shotHistogram[c].Total != pixels)
                throw new ArgumentException($"channel {c} of the shot's histogram counts {shotHistogram[c].Total} pixels, but {frameCount} frames of {frameWidth}×{frameHeight} have {pixels}", nameof(shotHistogram));
        return new ShotColorMatching(style, shotHistogram, frameCount, frameWidth, frameHeight, options ?? ColorMatchingOptions.Default);
    }

    /// <summary>Step 1 for one frame of this shot: the frame recoloured by <see cref="ShotToStyle"/>.</summary>
    public RgbFrame TransformFrame(RgbFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        CheckSize(frame, null, FrameWidth, FrameHeight, nameof(frame));
        return ShotToStyle.Apply(frame);
    }

    /// <summary>Step 2 for one original frame of this shot: the style image matched to the frame after step 1.</summary>
    public RgbFrame StyleForFrame(RgbFrame frame) => StyleMatchedTo(TransformFrame(frame));

    /// <summary>
    /// Pass 2, lazily: for each frame of <paramref name="shot"/>, the content frame and style image
    /// that <see cref="Options"/>' mode prescribes (see <see cref="ColorMatchingMode"/>). Each pair
    /// is computed when enumerated. <paramref name="shot"/> must yield the same frames as the one
    /// given to <see cref="Measure"/> (decode them again rather than keep them in memory).
    /// </summary>
    public IEnumerable<ColorMatchedFrame> Frames(IEnumerable<RgbFrame> shot)
    {
        ArgumentNullException.ThrowIfNull(shot);
        return Pairs(shot);
    }

    private IEnumerable<ColorMatchedFrame> Pairs(IEnumerable<RgbFrame> shot)
    {
        var index = 0;
        foreach (var frame in shot)
        {
            if (index == FrameCount)
                throw new InvalidOperationException(
                    $"the shot has more frames than the {FrameCount} measured: pass the same frames to Measure and Frames");
            if (frame is null) throw new InvalidOperationException($"shot frame {index} is null");
            CheckSize(frame, index, FrameWidth, FrameHeight, null);
            yield return Options.Mode switch
            {
                ColorMatchingMode.PerFrame => PerFramePair(index, frame),
                ColorMatchingMode.ShotLevel => new ColorMatchedFrame(index, frame, ShotStyle),
                ColorMatchingMode.ContentOnly => new ColorMatchedFrame(index, ShotToStyle.Apply(frame), Style),
                _ => throw new InvalidOperationException($"unknown colour matching mode {Options.Mode}"),
            };
            index++;
        }
        if (index != FrameCount)
            throw new InvalidOperationException(
                $"the shot has {index} frames but {FrameCount} were measured: pass the same frames to Measure and Frames");
    }

    private ColorMatchedFrame PerFramePair(int index, RgbFrame frame)
    {
        // DeepMovie §7.1, Fig. 5a: step 1 recolours the frame, step 2 matches the style image to it.
        var content = ShotToStyle.Apply(frame);
        return new ColorMatchedFrame(index, content, StyleMatchedTo(content));
    }

    private RgbFrame StyleMatchedTo(RgbFrame transformed) =>
        new HistogramMatcher(StyleHistogram, RgbHistogram.Of(transformed)).Apply(Style);

    private static void CheckSize(RgbFrame frame, int? index, int width, int height, string? parameter)
    {
        if (frame.Width == width && frame.Height == height) return;
        var which = index is { } i ? $"shot frame {i}" : "the frame";
        var message = $"{which} is {frame.Width}x{frame.Height} but the shot's frames are {width}x{height}: " +
                      "every frame of a shot must have one size (rescale the frame, or treat it as a new shot)";
        throw parameter is null ? new InvalidOperationException(message) : new ArgumentException(message, parameter);
    }
}
