using System.Globalization;
using System.Runtime.CompilerServices;
using StyleFarm.Kernels.Imaging;

namespace StyleFarm.Kernels.Video;

/// <summary>
/// Reads any range of frames of a video (or image sequence) through ffmpeg, frame-accurately:
/// frame n is always the n-th frame the decoder returns when it decodes the stream from the start.
/// </summary>
/// <remarks>
/// A range that starts after the first keyframe is read by seeking: the packet list gives every
/// frame's timestamp and keyframe, ffmpeg seeks to the keyframe the range decodes from and keeps the
/// frames whose timestamps are the range's. Where timestamps cannot identify frames (packets without
/// them, duplicates, or a packet count that differs from the frame count) frames are decoded from
/// the start and picked by number. Safe to use from several threads; each read runs its own ffmpeg.
/// </remarks>
public sealed class VideoReader
{
    private readonly MediaInput _input;
    private readonly SemaphoreSlim _indexGate = new(1, 1);
    private FrameIndex? _index;
    private bool _indexRead;

    /// <param name="input">the video file or image sequence</param>
    /// <param name="info">what <see cref="VideoProbe"/> says about <paramref name="input"/></param>
    /// <param name="options">resizing; null delivers frames at the video's size</param>
    public VideoReader(MediaInput input, VideoInfo info, VideoReaderOptions? options = null)
    {
        options ??= new VideoReaderOptions();
        if (options.Width is null != options.Height is null)
            throw new ArgumentException($"give both Width and Height to resize {input.Path}, or neither", nameof(options));
        if (options.Width <= 0 || options.Height <= 0)
            throw new ArgumentOutOfRangeException(nameof(options),
                $"cannot resize {input.Path} to {options.Width}x{options.Height}: the size must be positive");
        _input = input;
        Info = info;
        Width = options.Width ?? info.Width;
        Height = options.Height ?? info.Height;
        Resized = options.Width is not null && (Width != info.Width || Height != info.Height);
    }

    /// <summary>Probes <paramref name="path"/> (a file or an image-sequence pattern) and opens it for reading.</summary>
    /// <exception cref="FileNotFoundException">the file is missing, or no file matches the pattern</exception>
    /// <exception cref="MediaException">ffprobe cannot read it or ffmpeg cannot decode it</exception>
    public static VideoReader Open(string path, VideoReaderOptions? options = null) =>
        OpenAsync(path, options).GetAwaiter().GetResult();

    /// <inheritdoc cref="Open"/>
    public static async Task<VideoReader> OpenAsync(string path, VideoReaderOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var input = MediaInput.FromPath(path, options?.ImageSequenceRate);
        return new VideoReader(input, await VideoProbe.ProbeAsync(input, cancellationToken).ConfigureAwait(false), options);
    }

    /// <summary>The probed properties of the input.</summary>
    public VideoInfo Info { get; }

    /// <summary>Width of the delivered frames.</summary>
    public int Width { get; }

    /// <summary>Height of the delivered frames.</summary>
    public int Height { get; }

    private bool Resized { get; }

    /// <summary>Reads frames [<paramref name="start"/>, <paramref name="end"/>) as 8-bit RGB.</summary>
    /// <exception cref="ArgumentOutOfRangeException">the range is not inside [0, FrameCount]</exception>
    /// <exception cref="MediaException">ffmpeg failed, or the video ended before <paramref name="end"/> (truncated or corrupt)</exception>
    public async IAsyncEnumerable<RgbFrame> ReadAsync(int start, int end,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var bytes in ReadRawAsync(start, end, PipeFormat.Rgb24, cancellationToken).ConfigureAwait(false))
            yield return new RgbFrame(Width, Height, bytes);
    }

    /// <summary>
    /// Reads frames [<paramref name="start"/>, <paramref name="end"/>) decoded at 16 bits per sample,
    /// scaled to [0, 1]; keeps the full precision of 16-bit sources such as rgb48 PNG sequences.
    /// </summary>
    /// <inheritdoc cref="ReadAsync" path="/exception"/>
    public async IAsyncEnumerable<RgbFloatFrame> ReadFloatAsync(int start, int end,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var bytes in ReadRawAsync(start, end, PipeFormat.Rgb48, cancellationToken).ConfigureAwait(false))
            yield return PipeFormats.DecodeRgb48(bytes, Width, Height);
    }

    private async IAsyncEnumerable<byte[]> ReadRawAsync(int start, int end, PipeFormat format,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (start < 0 || end > Info.FrameCount || start > end)
            throw new ArgumentOutOfRangeException(nameof(start),
                $"frames [{start}, {end}) are not inside {_input.Path}, which has frames [0, {Info.FrameCount})");
        if (start == end) yield break;

        var frameBytes = format.FrameBytes(Width, Height);
        var seek = start > 0 ? await SeekPlanAsync(start, end, cancellationToken).ConfigureAwait(false) : null;
        while (true)
        {
            // ffmpeg's stdout, not FFMpegCore's output pipe: that pipe waits for ffmpeg to connect with a token FFMpegCore
            // cancels when ffmpeg exits and swallows the cancellation, so a short decode that finishes first loses every frame.
            await using var process = MediaProcess.Start("ffmpeg", Arguments(start, end, format, seek), _input.Path);
            await using var registration = process.KillOnCancel(cancellationToken);
            var delivered = 0;
            while (delivered < end - start)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var buffer = new byte[frameBytes];
                var filled = await process.Output.ReadAtLeastAsync(buffer, frameBytes, throwOnEndOfStream: false, CancellationToken.None).ConfigureAwait(false);
                if (filled < frameBytes) break;
                delivered++;
                yield return buffer;
            }
            var exitCode = await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (delivered == end - start && exitCode == 0) yield break;
            // A demuxer that lands after the keyframe asked for makes the selection empty: decode from the start.
            if (delivered == 0 && exitCode == 0 && seek is not null)
            {
                seek = null;
                continue;
            }
            if (exitCode != 0) throw process.Failure($"could not decode frames [{start}, {end}) of {_input.Path}");
            throw new MediaException(
                $"{_input.Path} ended after frame {start + delivered - 1} although it should have {Info.FrameCount} frames: "
                + "it is truncated or corrupt", _input.Path, "ffmpeg", null, process.ErrorText);
        }
    }

    // The whole command: the seek, the input, the stream, the frame selection and size, raw frames of the pipe's format on stdout.
    private IEnumerable<string> Arguments(int start, int end, PipeFormat format, string? seek)
    {
        var arguments = new List<string> { "-nostdin", "-v", "error" };
        var filters = new List<string>();
        if (seek is not null)
        {
            arguments.AddRange(["-copyts", "-noaccurate_seek", "-ss", Number(_index!.SeekPositionFor(start))]);
            filters.Add(seek);
        }
        else if (start > 0)
        {
            filters.Add($@"select=between(n\,{start}\,{end - 1})");
        }
        if (Resized) filters.Add($"scale={Width}:{Height}:flags=bicubic");
        arguments.AddRange(_input.Arguments);
        arguments.AddRange(["-map", $"0:{Info.StreamIndex}"]);
        if (filters.Count > 0) arguments.AddRange(["-vf", string.Join(",", filters)]);
        arguments.AddRange(
        [
            "-frames:v", (end - start).ToString(CultureInfo.InvariantCulture),
            // Never duplicate or drop frames to reach a constant rate: one decoded frame, one delivered frame.
            "-fps_mode", "passthrough",
            "-f", "rawvideo", "-pix_fmt", format.FfmpegName(), "pipe:1",
        ]);
        return arguments;
    }

    // The select expression that keeps exactly the frames whose timestamps are those of [start, end),
    // and nothing at all when decoding began after the first of them (start_t is the first frame's time).
    private async Task<string?> SeekPlanAsync(int start, int end, CancellationToken cancellationToken)
    {
        var index = await IndexAsync(cancellationToken).ConfigureAwait(false);
        if (index is null || index.SeekPositionFor(start) <= 0) return null;
        var first = index.TimeOf(start);
        var last = index.TimeOf(end - 1);
        var tolerance = index.Tolerance;
        return $@"select=lte(start_t\,{Number(first + tolerance)})*between(t\,{Number(first - tolerance)}\,{Number(last + tolerance)})";
    }

    private async Task<FrameIndex?> IndexAsync(CancellationToken cancellationToken)
    {
        await _indexGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_indexRead)
            {
                var index = await FrameIndex.BuildAsync(_input, Info.StreamIndex, cancellationToken).ConfigureAwait(false);
                // Packets that do not match the frame count one to one (packed B-frames) cannot name frames.
                _index = index?.Count == Info.FrameCount ? index : null;
                _indexRead = true;
            }
            return _index;
        }
        finally
        {
            _indexGate.Release();
        }
    }

    private static string Number(double value) => value.ToString("0.#########", CultureInfo.InvariantCulture);
}
