using System.Globalization;
using System.Text.Json;

namespace StyleFarm.Kernels.Video;

/// <summary>Reads a video's (or image sequence's) size, frame count, rate and audio streams with ffprobe.</summary>
public static class VideoProbe
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
        string[] arguments = ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", .. input.Arguments];
        await using var process = MediaProcess.Start("ffprobe", arguments, input.Path);
        JsonDocument json;
        await using (process.KillOnCancel(cancellationToken))
        {
            using var output = new MemoryStream();
            await process.Output.CopyToAsync(output, CancellationToken.None).ConfigureAwait(false);
            await process.EnsureSuccessAsync(failure, cancellationToken).ConfigureAwait(false);
            output.Position = 0;
            json = await JsonDocument.ParseAsync(output, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        using (json)
        {
            var root = json.RootElement;
            var streams = root.TryGetProperty("streams", out var s) ? s.EnumerateArray().ToList() : [];
            var video = streams.FirstOrDefault(IsPicture);
            if (video.ValueKind != JsonValueKind.Object)
                throw new MediaException($"{input.Path} has no video stream", input.Path, "ffprobe", null, process.ErrorText);
            var index = video.GetProperty("index").GetInt32();
            if (Text(video, "codec_name") is not { } codec)
                throw new MediaException(
                    $"{input.Path} uses a video codec this ffmpeg cannot decode (codec tag '{Text(video, "codec_tag_string")}'); "
                    + "convert it with a full ffmpeg build first", input.Path, "ffprobe", null, process.ErrorText);
            var width = Integer(video, "width") ?? 0;
            var height = Integer(video, "height") ?? 0;
            if (width <= 0 || height <= 0)
                throw new MediaException($"{input.Path} is not a readable image or video: its frame size is unknown",
                    input.Path, "ffprobe", null, process.ErrorText);
            var rotation = Rotation(video);
            if (rotation % 180 == 90) (width, height) = (height, width);

            var rate = FrameRate.TryParse(Text(video, "avg_frame_rate")) ?? FrameRate.TryParse(Text(video, "r_frame_rate"))
                ?? throw new MediaException($"{input.Path} has no frame rate", input.Path, "ffprobe", null, process.ErrorText);
            var frameCount = Integer(video, "nb_frames") is > 0 and var n
                ? n
                : await CountPacketsAsync(input, index, failure, cancellationToken).ConfigureAwait(false);
            var seconds = Number(video, "duration")
                ?? (root.TryGetProperty("format", out var format) ? Number(format, "duration") : null);
            var duration = seconds is { } d ? TimeSpan.FromSeconds(d) : rate.DurationOf(frameCount);

            var audio = streams.Where(a => Text(a, "codec_type") == "audio")
                .Select(a => new AudioStreamInfo(a.GetProperty("index").GetInt32(), Text(a, "codec_name") ?? "unknown",
                    Integer(a, "channels") ?? 0, Integer(a, "sample_rate") ?? 0))
                .ToList();
            return new VideoInfo(width, height, frameCount, rate, duration, codec, Text(video, "pix_fmt") ?? "unknown",
                index, rotation, audio);
        }
    }

    private static async Task<int> CountPacketsAsync(MediaInput input, int stream, string failure, CancellationToken cancellationToken)
    {
        string[] arguments =
        [
            "-v", "error", "-select_streams", stream.ToString(CultureInfo.InvariantCulture), "-count_packets",
            "-show_entries", "stream=nb_read_packets", "-of", "csv=p=0", .. input.Arguments,
        ];
        var text = System.Text.Encoding.UTF8.GetString(
            await MediaProcess.RunAsync("ffprobe", arguments, input.Path, failure, cancellationToken).ConfigureAwait(false)).Trim();
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0
            ? count
            : throw new MediaException($"{input.Path} holds no video frames (ffprobe counted '{text}')", input.Path, "ffprobe");
    }

    // Cover art in MP4/MKV is a "video" stream too, but a single still picture, not the film.
    private static bool IsPicture(JsonElement stream) =>
        Text(stream, "codec_type") == "video"
        && !(stream.TryGetProperty("disposition", out var disposition)
             && disposition.TryGetProperty("attached_pic", out var attached) && attached.GetInt32() == 1);

    // ffprobe reports the display matrix's counter-clockwise angle; the decoder turns the picture upright
    // by the opposite amount, which is what the frames we read show.
    private static int Rotation(JsonElement stream)
    {
        if (!stream.TryGetProperty("side_data_list", out var sideData)) return 0;
        foreach (var item in sideData.EnumerateArray())
            if (item.TryGetProperty("rotation", out var r) && r.TryGetDouble(out var degrees))
                return (int)(((-Math.Round(degrees / 90) * 90) % 360 + 360) % 360);
        return 0;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    // ffprobe writes some numbers as JSON numbers and others as strings ("nb_frames": "795").
    private static int? Integer(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) switch
        {
            false => null,
            true when value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var i) => i,
            true when value.ValueKind == JsonValueKind.String
                      && int.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) => i,
            _ => null,
        };

    private static double? Number(JsonElement element, string name) =>
        Text(element, name) is { } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? d
            : null;
}
