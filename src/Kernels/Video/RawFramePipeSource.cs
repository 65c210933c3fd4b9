using System.Globalization;
using System.Threading.Channels;
using FFMpegCore.Pipes;

namespace StyleFarm.Kernels.Video;

/// <summary>
/// Raw frames for ffmpeg's input pipe, pushed one by one by a writer. FFMpegCore's RawVideoPipeSource takes its
/// rate as a double, which loses 30000/1001; this one passes the exact rational (-framerate).
/// </summary>
internal sealed class RawFramePipeSource(PipeFormat format, int width, int height, FrameRate rate) : IPipeSource
{
    private readonly Channel<byte[]> _frames = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(2) { SingleReader = true });

    /// <summary>Where the writer puts each frame's bytes; completing it ends the input.</summary>
    public ChannelWriter<byte[]> Frames => _frames.Writer;

    public string GetStreamArguments() =>
        $"-f rawvideo -pix_fmt {format.FfmpegName()} -s {width.ToString(CultureInfo.InvariantCulture)}x{height.ToString(CultureInfo.InvariantCulture)} -framerate {rate}";

    public async Task WriteAsync(Stream outputStream, CancellationToken cancellationToken)
    {
        await foreach (var frame in _frames.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            await outputStream.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
    }
}
