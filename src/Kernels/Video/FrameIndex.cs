using System.Globalization;
using System.Text.Json;

namespace StyleFarm.Kernels.Video;

/// <summary>
/// The presentation time of every frame of a video stream and where to seek to decode it, read from
/// the packet list (demuxing only, no decoding). Frame n is the packet with the n-th smallest
/// presentation timestamp, which is the n-th frame the decoder returns.
/// </summary>
internal sealed class FrameIndex
{
    private readonly double[] _times;
    private readonly double[] _keyTimes;
    private readonly double _fileStart;

    private FrameIndex(double[] times, double[] keyTimes, double fileStart, double tolerance)
    {
        _times = times;
        _keyTimes = keyTimes;
        _fileStart = fileStart;
        Tolerance = tolerance;
    }

    /// <summary>Number of frames.</summary>
    public int Count => _times.Length;

    /// <summary>Half the smallest gap between two frames' times: a window this wide around a time holds one frame.</summary>
    public double Tolerance { get; }

    /// <summary>Presentation time of frame <paramref name="n"/> in seconds, as the decoder stamps it.</summary>
    public double TimeOf(int n) => _times[n];

    /// <summary>
    /// The -ss position (relative to the file's start, as ffmpeg takes it) that makes the demuxer land on
    /// or before the keyframe that frame <paramref name="n"/> decodes from; 0 when that is the first keyframe.
    /// </summary>
    public double SeekPositionFor(int n) => Math.Max(0, _keyTimes[n] - _fileStart - Tolerance);

    /// <summary>
    /// Reads the packet list of stream <paramref name="streamIndex"/>; null when the timestamps cannot
    /// index frames (packets without timestamps, or two with the same one), so frames must be counted
    /// by decoding from the start.
    /// </summary>
    public static async Task<FrameIndex?> BuildAsync(MediaInput input, int streamIndex, CancellationToken cancellationToken)
    {
        string[] arguments =
        [
            "-v", "error", "-select_streams", streamIndex.ToString(CultureInfo.InvariantCulture),
            "-show_entries", "format=start_time:stream=time_base:packet=pts,dts,flags", "-of", "json", .. input.Arguments,
        ];
        var bytes = await MediaProcess.RunAsync("ffprobe", arguments, input.Path,
            $"could not list the packets of {input.Path}", cancellationToken).ConfigureAwait(false);
        using var json = JsonDocument.Parse(bytes);
        var root = json.RootElement;
        var timeBase = FrameRate.TryParse(root.GetProperty("streams")[0].GetProperty("time_base").GetString());
        if (timeBase is not { } tb || !root.TryGetProperty("packets", out var packetList)) return null;
        var fileStart = root.TryGetProperty("format", out var format) && format.TryGetProperty("start_time", out var st)
                        && double.TryParse(st.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s : 0;

        var packets = new List<(long Pts, long Dts, bool Key)>();
        foreach (var packet in packetList.EnumerateArray())
        {
            if (!packet.TryGetProperty("pts", out var pts)) return null;
            var dts = packet.TryGetProperty("dts", out var d) ? d.GetInt64() : pts.GetInt64();
            var key = packet.TryGetProperty("flags", out var flags) && flags.GetString()!.Contains('K');
            packets.Add((pts.GetInt64(), dts, key));
        }
        if (packets.Count == 0) return null;
        packets.Sort((a, b) => a.Pts.CompareTo(b.Pts));

        // The time base is a rational seconds-per-tick, which FrameRate holds as numerator/denominator.
        double Seconds(long ticks) => (double)ticks * tb.Numerator / tb.Denominator;
        var times = new double[packets.Count];
        var keyTimes = new double[packets.Count];
        var smallestGap = double.PositiveInfinity;
        double? keyTime = null;
        for (var i = 0; i < packets.Count; i++)
        {
            if (i > 0 && packets[i].Pts == packets[i - 1].Pts) return null;
            times[i] = Seconds(packets[i].Pts);
            if (i > 0) smallestGap = Math.Min(smallestGap, times[i] - times[i - 1]);
            if (packets[i].Key) keyTime = Seconds(Math.Min(packets[i].Dts, packets[i].Pts));
            // Frames before the first keyframe can only be reached by decoding from the very start.
            keyTimes[i] = keyTime ?? double.NegativeInfinity;
        }
        var tolerance = double.IsPositiveInfinity(smallestGap) ? 0.5 : smallestGap / 2;
        return new FrameIndex(times, keyTimes, fileStart, tolerance);
    }
}
