namespace StyleFarm.Kernels.Video;

/// <summary>How a <see cref="VideoReader"/> delivers frames.</summary>
public sealed record VideoReaderOptions
{
    /// <summary>Width to scale frames to (bicubic); null keeps the video's. Give both or neither of Width and Height.</summary>
    public int? Width { get; init; }

    /// <summary>Height to scale frames to (bicubic); null keeps the video's.</summary>
    public int? Height { get; init; }

    /// <summary>Frame rate of an image-sequence input; null uses ffmpeg's default of 25. Ignored for video files.</summary>
    public FrameRate? ImageSequenceRate { get; init; }
}
