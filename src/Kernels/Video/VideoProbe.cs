using System.Globalization;
using System.Text.Json;
using FFMpegCore;

namespace StyleFarm.Kernels.Video;

/// <summary>Reads a video's (or image sequence's) size, frame count, rate and audio streams with ffprobe.</summary>
public static partial class VideoProbe
{
    /// <summary>Probes <paramref name="path"/>: a media file, or an image-sequence pattern such as frames/%05d.png.</summary>
    /// <param name="imageSequenceRate">frame rate of an image sequence (ffmpeg's default is 25); ignored for files</param>
    /// <exception cref="FileNotFoundException">the file is missing, or no file matches the pattern</exception>
    /// <exception cref="MediaException">ffprobe cannot read it, it has no video stream, or no decoder for it</exception>
    public static VideoInfo Probe(string path, FrameRate? imageSequenceRate = null) =>
        ProbeAsync(MediaInput.FromPath(path, imageSequenceRate)).GetAwaiter().GetResult();

    /// <inheritdoc cref="Probe"/>
    public static Task<VideoInfo> ProbeAsync(string path, FrameRate? imageSequenceRate = null,
        CancellationToken cancellationToken = default) =>
        ProbeAsync(MediaInput.FromPath(path, imageSequenceRate), cancellationToken);

    /// <summary>Probes an opened input; see <see cref="Probe"/>.</summary>
    public static async Task<VideoInfo> ProbeAsync(MediaInput input, CancellationToken cancellationToken = default)
    {
        var failure = $"could not read {input.Path}: it is missing, truncated, corrupt or not a media file";
        var analysis = await AnalyseAsync(input, "", failure, cancellationToken).ConfigureAwait(false);
        var streams = analysis.Raw.Streams ?? [];
        // ffprobe's warnings on a file it could open (e.g. a bad PNG signature) explain the errors below.
        var said = FfmpegRun.Tail(analysis.StandardError ?? []);
        var video = streams.FirstOrDefault(IsPicture)
            ?? throw new MediaException($"{input.Path} has no video stream", input.Path, "ffprobe", null, said);
        var index = video.Index;
        if (string.IsNullOrEmpty(video.CodecName))
            throw new MediaException(
                $"{input.Path} uses a video codec this ffmpeg cannot decode (codec tag '{video.CodecTagString}'); "
                + "convert it with a full ffmpeg build first", input.Path, "ffprobe");
        var width = video.Width ?? 0;
        var height = video.Height ?? 0;
        if (width <= 0 || height <= 0)
            throw new MediaException($"{input.Path} is not a readable image or video: its frame size is unknown", input.Path, "ffprobe", null, said);
        var rotation = Rotation(video);
        if (rotation % 180 == 90) (width, height) = (height, width);

        var rate = FrameRate.TryParse(video.AvgFrameRate) ?? FrameRate.TryParse(video.FrameRate)
            ?? throw new MediaException($"{input.Path} has no frame rate", input.Path, "ffprobe", null, said);
        var frameCount = Extension(video, "nb_frames") is > 0 and var n
            ? n
            : await CountPacketsAsync(input, index, failure, cancellationToken).ConfigureAwait(false);
        var streamDuration = analysis.VideoStreams.FirstOrDefault(v => v.Index == index)?.Duration ?? TimeSpan.Zero;
        var duration = streamDuration > TimeSpan.Zero ? streamDuration
            : analysis.Format?.Duration is { } total && total > TimeSpan.Zero ? total
            : rate.DurationOf(frameCount);

        var audio = streams.Where(a => a.CodecType == "audio")
            .Select(a => new AudioStreamInfo(a.Index, a.CodecName ?? "unknown", a.Channels ?? 0,
                int.TryParse(a.SampleRate, NumberStyles.None, CultureInfo.InvariantCulture, out var hz) ? hz : 0))
            .ToList();
        return new VideoInfo(width, height, frameCount, rate, duration, video.CodecName, video.PixelFormat ?? "unknown",
            index, rotation, audio);
    }

    // FFMpegCore's FFProbe for files and URLs. It cannot open an image-sequence pattern (it checks that the file
    // exists, and passes no image2 options), so for those ffprobe runs directly with FFMpegCore's own flags and
    // FFMpegCore parses its output.
    private static async Task<IMediaAnalysis> AnalyseAsync(MediaInput input, string extra, string failure,
        CancellationToken cancellationToken)
    {
        if (input.IsImageSequence)
        {
            string[] arguments = ["-v", "error", "-print_format", "json", "-show_format", "-sexagesimal", "-show_streams",
                .. extra.Split(' ', StringSplitOptions.RemoveEmptyEntries), .. input.Arguments];
            var json = await MediaProcess.RunAsync("ffprobe", arguments, input.Path, failure, cancellationToken).ConfigureAwait(false);
            return FFProbe.FromJson(System.Text.Encoding.UTF8.GetString(json));
        }
        var options = new FFOptions { LogLevel = FFMpegCore.Enums.FFMpegLogLevel.Error };
        try
        {
            return MediaInput.IsUrl(input.FullPath)
                ? await FFProbe.AnalyseAsync(new Uri(input.FullPath), options, extra, cancellationToken).ConfigureAwait(false)
                : await FFProbe.AnalyseAsync(input.FullPath, options, extra, cancellationToken).ConfigureAwait(false);
        }
        catch (FFMpegCore.Exceptions.FFMpegException e)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Its message is ffprobe's stderr with the URL's query: only the tidied, redacted tail is kept.
            var exit = ExitCode().Match(e.Message);
            throw new MediaException(failure, input.Path, "ffprobe", exit.Success ? int.Parse(exit.Groups[1].Value, CultureInfo.InvariantCulture) : null,
                FfmpegRun.Tail(ToolLines(e.Message)));
        }
    }

    // "ffprobe exited with non-zero exit-code (1 - <stderr>)": the stderr part, line by line.
    private static IEnumerable<string> ToolLines(string message)
    {
        var start = message.IndexOf(" - ", StringComparison.Ordinal);
        var text = start >= 0 && message.EndsWith(')') ? message[(start + 3)..^1] : message;
        return text.Split('\n');
    }

    private static async Task<int> CountPacketsAsync(MediaInput input, int stream, string failure, CancellationToken cancellationToken)
    {
        var counted = await AnalyseAsync(input, $"-count_packets -select_streams {stream.ToString(CultureInfo.InvariantCulture)}",
            failure, cancellationToken).ConfigureAwait(false);
        var count = counted.Raw.Streams?.FirstOrDefault(s => s.Index == stream) is { } s ? Extension(s, "nb_read_packets") : null;
        return count is > 0
            ? count.Value
            : throw new MediaException($"{input.Path} holds no video frames (ffprobe counted '{count}')", input.Path, "ffprobe");
    }

    // Cover art in MP4/MKV is a "video" stream too, but a single still picture, not the film.
    private static bool IsPicture(FFProbeStream stream) =>
        stream.CodecType == "video"
        && !(stream.Disposition?.TryGetValue("attached_pic", out var attached) == true && attached == 1);

    // ffprobe reports the display matrix's counter-clockwise angle; the decoder turns the picture upright
    // by the opposite amount, which is what the frames we read show.
    private static int Rotation(FFProbeStream stream)
    {
        foreach (var item in stream.SideData ?? [])
            if (item.TryGetValue("rotation", out var r) && r is not null && r.TryGetValue<double>(out var degrees))
                return (int)(((-Math.Round(degrees / 90) * 90) % 360 + 360) % 360);
        return 0;
    }

    // Fields FFMpegCore does not name (nb_frames, nb_read_packets); ffprobe writes them as strings ("795").
    private static int? Extension(FFProbeStream stream, string name) =>
        stream.ExtensionData?.TryGetValue(name, out var value) != true ? null
        : value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var i) ? i
        : value.ValueKind == JsonValueKind.String
          && int.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var j) ? j
        : null;

    [System.Text.RegularExpressions.GeneratedRegex(@"exit-code \((-?\d+)")]
    private static partial System.Text.RegularExpressions.Regex ExitCode();
}
