using System.Globalization;
using StyleFarm.Kernels.Imaging;
using System.Threading.Channels;
using StyleFarm.Kernels.IO;

namespace StyleFarm.Kernels.Video;

/// <summary>
/// Writes frames to a video file or an image sequence through ffmpeg. Output goes to a temporary
/// name in the destination folder and takes its final name only when <see cref="CompleteAsync"/>
/// succeeds; a failed or abandoned writer (disposed without completing) leaves nothing under the
/// final name. ffmpeg starts with the first frame, whose size every later frame must have.
/// </summary>
public sealed class VideoWriter : IAsyncDisposable
{
    private static readonly string[] H264Extensions = [".mp4", ".mov", ".m4v", ".mkv"];
    private static readonly string[] Ffv1Extensions = [".mkv", ".avi", ".nut"];

    private readonly VideoWriterOptions _options;
    private readonly PipeFormat _pipe;
    private RawFramePipeSource? _source;
    private Task<FFMpegCore.FFMpegResult>? _encode;
    private CancellationTokenSource? _stop;
    private IDisposable? _partial;
    private PartialFile? _videoOnly;
    private string? _target;
    private bool _finished;

    /// <param name="path">the output file, or for PNG formats a pattern such as out/%05d.png</param>
    /// <param name="options">format, rate, quality and audio; see <see cref="VideoWriterOptions"/></param>
    /// <exception cref="ArgumentException">the path does not suit the format, or an option is out of range</exception>
    /// <exception cref="FileNotFoundException">the audio source is missing</exception>
    public VideoWriter(string path, VideoWriterOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = path;
        _options = options;
        _pipe = options.Format == OutputFormat.Png16 ? PipeFormat.Rgb48 : PipeFormat.Rgb24;
        Validate();
    }

    /// <summary>The final output path (or pattern).</summary>
    public string Path { get; }

    /// <summary>Number of frames written so far.</summary>
    public int FramesWritten { get; private set; }

    /// <summary>Width of the frames, set by the first one; 0 before it.</summary>
    public int Width { get; private set; }

    /// <summary>Height of the frames, set by the first one; 0 before it.</summary>
    public int Height { get; private set; }

    private bool IsSequence => _options.Format is OutputFormat.Png8 or OutputFormat.Png16;

    /// <summary>Appends an 8-bit frame.</summary>
    /// <exception cref="ArgumentException">its size differs from the first frame's</exception>
    /// <exception cref="MediaException">ffmpeg failed (the writer is then finished; dispose it)</exception>
    public ValueTask WriteAsync(RgbFrame frame, CancellationToken cancellationToken = default) =>
        WriteAsync(frame.Width, frame.Height, () => _pipe.Encode(frame), cancellationToken);

    /// <summary>Appends a float frame (samples in [0, 1], clamped); kept at 16 bits for Png16, rounded to 8 otherwise.</summary>
    /// <inheritdoc cref="WriteAsync(RgbFrame, CancellationToken)" path="/exception"/>
    public ValueTask WriteAsync(RgbFloatFrame frame, CancellationToken cancellationToken = default) =>
        WriteAsync(frame.Width, frame.Height, () => _pipe.Encode(frame), cancellationToken);

    /// <summary>
    /// Finishes encoding, copies the audio (if asked) and moves the output onto its final name.
    /// </summary>
    /// <exception cref="InvalidOperationException">no frame was written, or the writer already finished</exception>
    /// <exception cref="MediaException">ffmpeg failed; nothing is left under the final name</exception>
    public async Task CompleteAsync(CancellationToken cancellationToken = default)
    {
        if (_finished) throw new InvalidOperationException($"the writer for {Path} has already finished");
        if (_encode is null) throw new InvalidOperationException($"no frames were written to {Path}; nothing to complete");
        _finished = true;
        try
        {
            _source!.Frames.TryComplete();
            FFMpegCore.FFMpegResult result;
            await using (cancellationToken.Register(static stop => ((CancellationTokenSource)stop!).Cancel(), _stop))
                result = await _encode.ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (!result.Success) throw FfmpegRun.Failure(result, Path, $"could not encode {Path}");
            if (_options.AudioSource is { } audio) await CopyAudioAsync(audio, cancellationToken).ConfigureAwait(false);
            switch (_partial)
            {
                case PartialFile file: file.Commit(_options.ReplaceExisting); break;
                case PartialImageSequence sequence: sequence.Commit(_options.ReplaceExisting); break;
            }
        }
        finally
        {
            await CleanUpAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Stops ffmpeg if it still runs and deletes any temporary output that was not completed.</summary>
    public async ValueTask DisposeAsync()
    {
        _finished = true;
        await CleanUpAsync().ConfigureAwait(false);
    }

    private async ValueTask WriteAsync(int width, int height, Func<byte[]> encode, CancellationToken cancellationToken)
    {
        if (_finished) throw new InvalidOperationException($"the writer for {Path} has finished; create a new one");
        if (_encode is null) Start(width, height);
        else if (width != Width || height != Height)
            throw new ArgumentException(
                $"frame {FramesWritten} for {Path} is {width}x{height}, but the video is {Width}x{Height}; resize it first");

        var bytes = encode();
        try
        {
            await _source!.Frames.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ChannelClosedException or OperationCanceledException)
        {
            // A frame may be half-way down the pipe: this output cannot be continued.
            _finished = true;
            _stop!.Cancel();
            cancellationToken.ThrowIfCancellationRequested();
            // The input closed because ffmpeg stopped: its own message says why.
            var result = await _encode!.ConfigureAwait(false);
            throw FfmpegRun.Failure(result, Path, $"could not encode frame {FramesWritten} of {Path}");
        }
        FramesWritten++;
    }

    private void Start(int width, int height)
    {
        Width = width;
        Height = height;
        if (IsSequence)
        {
            var sequence = new PartialImageSequence(Path);
            _partial = sequence;
            _target = sequence.TempPattern;
        }
        else
        {
            // With audio to add, ffmpeg first writes the video alone; the audio pass makes the file that is committed.
            var file = new PartialFile(Path);
            _partial = file;
            _target = file.TempPath;
        }
        var videoTarget = _options.AudioSource is null ? _target : VideoOnlyFile().TempPath;
        _source = new RawFramePipeSource(_pipe, width, height, _options.FrameRate);
        _stop = new CancellationTokenSource();
        var command = FFMpegCore.FFMpegArguments.FromPipeInput(_source)
            .OutputToFile(videoTarget, overwrite: true, o => o.WithCustomArgument(EncodeOptions()));
        _encode = FfmpegRun.RunAllowingFailureAsync(command, Path, _stop.Token);
        // A failed or stopped ffmpeg reads no more frames: close the input so a waiting WriteAsync hears of it.
        var source = _source;
        _ = _encode.ContinueWith(_ => source.Frames.TryComplete(), TaskScheduler.Default);
    }

    private PartialFile VideoOnlyFile() => _videoOnly ??= new PartialFile(Path, "-video");

    // The output options; the input's (raw frames, size, exact rate) are RawFramePipeSource's.
    private string EncodeOptions()
    {
        var arguments = new List<string>();
        switch (_options.Format)
        {
            case OutputFormat.H264:
                arguments.AddRange(
                [
                    "-c:v", "libx264", "-preset", _options.Preset, "-crf", _options.Crf.ToString(CultureInfo.InvariantCulture),
                    // Convert and tag as BT.709 so that players and our reader use the same matrix.
                    "-vf", "scale=out_color_matrix=bt709:out_range=tv,format=yuv420p",
                    "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709", "-color_range", "tv",
                ]);
                if (_options.KeyframeInterval is { } interval)
                    arguments.AddRange(["-g", interval.ToString(CultureInfo.InvariantCulture)]);
                break;
            case OutputFormat.Ffv1:
                arguments.AddRange(["-c:v", "ffv1", "-level", "3", "-g", "1", "-slicecrc", "1", "-pix_fmt", "bgr0"]);
                break;
            case OutputFormat.Png8:
            case OutputFormat.Png16:
                arguments.AddRange(
                [
                    "-c:v", "png", "-pix_fmt", _options.Format == OutputFormat.Png8 ? "rgb24" : "rgb48be",
                    "-f", "image2", "-start_number", _options.StartNumber.ToString(CultureInfo.InvariantCulture),
                ]);
                break;
        }
        if (IsMp4Family(Path)) arguments.AddRange(["-movflags", "+faststart"]);
        return string.Join(' ', arguments);
    }

    private async Task CopyAudioAsync(string source, CancellationToken cancellationToken)
    {
        var duration = _options.FrameRate.DurationOf(FramesWritten).TotalSeconds;
        var audioOptions = new List<string>();
        if (_options.AudioOffset > TimeSpan.Zero)
            audioOptions.AddRange(["-ss", _options.AudioOffset.TotalSeconds.ToString("0.######", CultureInfo.InvariantCulture)]);
        // -t on the audio input ends it with the frames; the video itself is never cut. Explicit maps, not FFMpegCore's
        // ReplaceAudio, which adds -shortest and fails on a source without audio.
        audioOptions.AddRange(["-t", duration.ToString("0.######", CultureInfo.InvariantCulture)]);
        var copy = "-map 0:v -map 1:a? -c copy" + (IsMp4Family(Path) ? " -movflags +faststart" : "");
        var command = FFMpegCore.FFMpegArguments
            .FromFileInput("file:" + _videoOnly!.TempPath, verifyExists: false, o => o.WithCustomArgument("-nostdin"))
            .AddFileInput(MediaInput.IsUrl(source) ? source : "file:" + System.IO.Path.GetFullPath(source), verifyExists: false,
                o => o.WithCustomArgument(string.Join(' ', audioOptions)))
            .OutputToFile(_target!, overwrite: true, o => o.WithCustomArgument(copy));
        await FfmpegRun.RunAsync(command, Path,
            $"could not copy the audio of {MediaInput.Redact(source)} into {Path} (if the container refuses its codec, write .mkv)",
            cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask CleanUpAsync()
    {
        if (_encode is not null)
        {
            // An unfinished encode is stopped (FFMpegCore kills ffmpeg) before its partial output is deleted.
            _source!.Frames.TryComplete();
            if (!_encode.IsCompleted) _stop!.Cancel();
            try { await _encode.ConfigureAwait(false); } catch (OperationCanceledException) { }
            _stop!.Dispose();
        }
        _encode = null;
        _videoOnly?.Dispose();
        _partial?.Dispose();
    }

    private void Validate()
    {
        var extension = System.IO.Path.GetExtension(Path).ToLowerInvariant();
        switch (_options.Format)
        {
            case OutputFormat.H264 when !H264Extensions.Contains(extension):
                throw new ArgumentException($"cannot write H.264 to {Path}: use one of {string.Join(", ", H264Extensions)}", nameof(Path));
            case OutputFormat.Ffv1 when !Ffv1Extensions.Contains(extension):
                throw new ArgumentException($"cannot write FFV1 to {Path}: use one of {string.Join(", ", Ffv1Extensions)}", nameof(Path));
            case OutputFormat.Png8 or OutputFormat.Png16 when extension != ".png" || !MediaInput.IsPattern(Path):
                throw new ArgumentException(
                    $"a PNG sequence needs a pattern ending in .png with one frame number, such as frames/%05d.png; got {Path}", nameof(Path));
        }
        if (_options.FrameRate.Numerator <= 0)
            throw new ArgumentException($"no frame rate given for {Path}", nameof(_options.FrameRate));
        if (_options.Crf is < 0 or > 51)
            throw new ArgumentOutOfRangeException(nameof(_options.Crf), $"CRF {_options.Crf} for {Path} is outside 0…51");
        if (_options.KeyframeInterval is <= 0)
            throw new ArgumentOutOfRangeException(nameof(_options.KeyframeInterval),
                $"keyframe interval {_options.KeyframeInterval} for {Path} must be positive");
        if (_options.StartNumber < 0)
            throw new ArgumentOutOfRangeException(nameof(_options.StartNumber), $"start number {_options.StartNumber} for {Path} is negative");
        if (_options.AudioSource is { } audio)
        {
            if (IsSequence) throw new ArgumentException($"an image sequence ({Path}) cannot carry audio; leave AudioSource unset", nameof(_options.AudioSource));
            if (!MediaInput.IsUrl(audio) && !File.Exists(audio)) throw new FileNotFoundException($"audio source {audio} for {Path} does not exist", audio);
        }
    }

    private static bool IsMp4Family(string path) =>
        System.IO.Path.GetExtension(path).ToLowerInvariant() is ".mp4" or ".mov" or ".m4v";
}
