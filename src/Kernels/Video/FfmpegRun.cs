using FFMpegCore;
using FFMpegCore.Enums;

namespace StyleFarm.Kernels.Video;

/// <summary>
/// Runs an FFMpegCore command with the error contract of this folder: ffmpeg at log level error, cancellation
/// that kills it, and a failure as one <see cref="MediaException"/> naming the file, whose tool message is the
/// last error lines with URL queries left out (FFMpegCore's own exception text is the whole stderr, queries included).
/// </summary>
internal static class FfmpegRun
{
    private const int ErrorLinesKept = 12;

    /// <summary>Runs <paramref name="command"/>; throws <see cref="MediaException"/> (<paramref name="failure"/>) when ffmpeg fails.</summary>
    public static async Task RunAsync(FFMpegArgumentProcessor command, string subject, string failure,
        CancellationToken cancellationToken = default)
    {
        var result = await RunAllowingFailureAsync(command, subject, cancellationToken).ConfigureAwait(false);
        if (!result.Success) throw Failure(result, subject, failure);
    }

    /// <summary>Runs <paramref name="command"/> and returns how it ended; only cancellation throws.</summary>
    public static async Task<FFMpegResult> RunAllowingFailureAsync(FFMpegArgumentProcessor command, string subject,
        CancellationToken cancellationToken)
    {
        FFMpegResult result;
        try
        {
            result = await command.WithLogLevel(FFMpegLogLevel.Error).CancellableThrough(cancellationToken)
                .ProcessAsynchronously(throwOnError: false).ConfigureAwait(false);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new MediaException($"cannot run ffmpeg for {subject}: it is not installed or not on PATH; install Debian's ffmpeg package (infra/setup.sh)",
                subject, inner: e);
        }
        cancellationToken.ThrowIfCancellationRequested();
        return result;
    }

    /// <summary>The exception for a run that did not succeed.</summary>
    public static MediaException Failure(FFMpegResult result, string subject, string failure) =>
        new(failure, subject, "ffmpeg", result.ExitCode, Tail(result.StandardError));

    /// <summary>The last error lines of ffmpeg, tidied and with URL queries left out, as one line.</summary>
    public static string Tail(IEnumerable<string> lines)
    {
        var tail = new ErrorTail(ErrorLinesKept);
        foreach (var line in lines) tail.Add(line);
        return tail.ToString();
    }
}
