namespace StyleFarm.Kernels.Video;

/// <summary>What ffprobe says about a video (or image sequence): its first video stream and its audio streams.</summary>
/// <param name="Width">width in pixels of the decoded frames, after the stream's display rotation</param>
/// <param name="Height">height in pixels of the decoded frames, after the stream's display rotation</param>
/// <param name="FrameCount">
/// number of frames: the container's count when it has one, else the packets counted. A truncated file
/// can promise more frames than it holds; <see cref="VideoReader"/> throws when they run out.
/// </param>
/// <param name="FrameRate">average frame rate</param>
/// <param name="Duration">duration of the video stream (of the file when the stream has none)</param>
/// <param name="Codec">ffmpeg's codec name, e.g. "h264", "ffv1", "png"</param>
/// <param name="PixelFormat">ffmpeg's pixel format name, e.g. "yuv420p", "rgb48be"</param>
/// <param name="StreamIndex">index of the video stream in the file</param>
/// <param name="Rotation">display rotation in degrees the decoder applies (0, 90, 180 or 270; clockwise)</param>
/// <param name="AudioStreams">the file's audio streams, in file order</param>
public sealed record VideoInfo(
    int Width,
    int Height,
    int FrameCount,
    FrameRate FrameRate,
    TimeSpan Duration,
    string Codec,
    string PixelFormat,
    int StreamIndex,
    int Rotation,
    IReadOnlyList<AudioStreamInfo> AudioStreams);
