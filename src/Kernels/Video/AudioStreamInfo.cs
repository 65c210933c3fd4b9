namespace StyleFarm.Kernels.Video;

/// <summary>One audio stream of a media file, as ffprobe reports it.</summary>
/// <param name="Index">index of the stream in the file (over all stream kinds)</param>
/// <param name="Codec">ffmpeg's codec name, e.g. "aac", "ac3", "pcm_s16le"</param>
/// <param name="Channels">number of channels</param>
/// <param name="SampleRate">samples per second</param>
public sealed record AudioStreamInfo(int Index, string Codec, int Channels, int SampleRate);
