namespace StyleFarm.Kernels.Video;

/// <summary>How a <see cref="VideoWriter"/> encodes.</summary>
public sealed record VideoWriterOptions
{
    /// <summary>Codec and container, or image sequence. Default: H.264.</summary>
    public OutputFormat Format { get; init; } = OutputFormat.H264;

    /// <summary>Frame rate of the output. Default: 25/1.</summary>
    public FrameRate FrameRate { get; init; } = new(25);

    /// <summary>H.264 constant rate factor, 0 (best) to 51 (worst). Default: 18, visually lossless for most footage.</summary>
    public int Crf { get; init; } = 18;

    /// <summary>libx264 preset (ultrafast … veryslow): encoding time against file size. Default: "medium".</summary>
    public string Preset { get; init; } = "medium";

    /// <summary>
    /// H.264 frames between keyframes (-g); null keeps libx264's 250. Shorter intervals make seeking
    /// into the output cheaper at some cost in size. Ignored by FFV1 (every frame is a keyframe) and PNG.
    /// </summary>
    public int? KeyframeInterval { get; init; }

    /// <summary>
    /// A media file whose audio streams are copied (not re-encoded) into a video output; null for none.
    /// The audio is cut to the length of the written frames, so the video is never shortened (unlike
    /// ffmpeg's -shortest, which would end the video with audio that is shorter); audio that is
    /// shorter than the frames simply ends early. A source without audio gives a video without audio.
    /// Not allowed for image sequences.
    /// </summary>
    public string? AudioSource { get; init; }

    /// <summary>
    /// Where in <see cref="AudioSource"/> the audio for the first frame starts, e.g. the time of the
    /// first frame of a rendered range. Copying starts at the audio packet there (within ~20 ms). Default: 0.
    /// </summary>
    public TimeSpan AudioOffset { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// Whether the finished output may replace a file already under its name (each frame's name for a sequence).
    /// Default true; false makes <see cref="VideoWriter.CompleteAsync"/> fail rather than replace one that appeared while encoding.
    /// </summary>
    public bool ReplaceExisting { get; init; } = true;

    /// <summary>Number of the first file of an image sequence. Default: 0, so file n holds frame n.</summary>
    public int StartNumber { get; init; }
}
