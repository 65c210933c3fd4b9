using System.ComponentModel;
using System.Diagnostics;

namespace StyleFarm.Kernels.Video;

/// <summary>
/// One running ffmpeg or ffprobe process: its stdout and (optionally) stdin as streams, its stderr
/// collected in the background so that a failure can be reported with the tool's own words.
/// Disposing it kills the process if it is still running.
/// </summary>
public sealed class MediaProcess : IAsyncDisposable
{
    private const int ErrorLinesKept = 12;

    private readonly Process _process;
    private readonly ErrorTail _errors = new(ErrorLinesKept);
    private readonly Task _errorPump;
    private readonly bool _hasInput;

    private MediaProcess(Process process, string tool, string subject, bool hasInput)
    {
        _process = process;
        Tool = tool;
        Subject = subject;
        _hasInput = hasInput;
        _errorPump = PumpErrorsAsync();
        // A tool that does not consume frames must not wait for a terminal either.
        if (!hasInput) _process.StandardInput.Close();
    }

    /// <summary>The program that runs ("ffmpeg" or "ffprobe").</summary>
    public string Tool { get; }

    /// <summary>The media file (or pattern) this process works on; named in its errors.</summary>
    public string Subject { get; }

    /// <summary>The process's standard output (raw frames, or ffprobe's JSON).</summary>
    public Stream Output => _process.StandardOutput.BaseStream;

    /// <summary>The process's standard input; only for processes started with <c>withInput</c>.</summary>
    public Stream Input => _hasInput
        ? _process.StandardInput.BaseStream
        : throw new InvalidOperationException($"{Tool} for {Subject} was started without an input pipe");

    /// <summary>The tool's last stderr lines so far (complete once the process has exited).</summary>
    public string ErrorText => _errors.ToString();

    /// <summary>The exit code, or null while the process runs.</summary>
    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>
    /// Starts <paramref name="tool"/> (found on PATH) with the given arguments.
    /// </summary>
    /// <param name="subject">the file the process works on, named in every error it causes</param>
    /// <param name="withInput">keep stdin open for the caller to write to; otherwise it is closed at once</param>
    /// <exception cref="MediaException">the tool is not installed</exception>
    public static MediaProcess Start(string tool, IEnumerable<string> arguments, string subject, bool withInput = false)
    {
        var info = new ProcessStartInfo(tool)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        try
        {
            var process = Process.Start(info) ?? throw new InvalidOperationException($"{tool} did not start");
            return new MediaProcess(process, tool, subject, withInput);
        }
        catch (Win32Exception e)
        {
            throw new MediaException(
                $"cannot run {tool} for {subject}: it is not installed or not on PATH; install Debian's ffmpeg package (infra/setup.sh)",
                subject, inner: e);
        }
    }

    /// <summary>
    /// Runs the tool to completion and returns everything it wrote to stdout.
    /// </summary>
    /// <param name="failure">what could not be done, e.g. "could not probe x.mp4"; starts the exception message</param>
    /// <exception cref="MediaException">the tool exited with a non-zero code</exception>
    /// <exception cref="OperationCanceledException">cancelled; the process was killed</exception>
    public static async Task<byte[]> RunAsync(string tool, IEnumerable<string> arguments, string subject, string failure,
        CancellationToken cancellationToken = default)
    {
        await using var process = Start(tool, arguments, subject);
        await using var registration = process.KillOnCancel(cancellationToken);
        using var output = new MemoryStream();
        await process.Output.CopyToAsync(output, CancellationToken.None).ConfigureAwait(false);
        await process.EnsureSuccessAsync(failure, cancellationToken).ConfigureAwait(false);
        return output.ToArray();
    }

    /// <summary>Kills the process when <paramref name="cancellationToken"/> fires; dispose the result to stop watching.</summary>
    public CancellationTokenRegistration KillOnCancel(CancellationToken cancellationToken) =>
        cancellationToken.Register(static state => ((MediaProcess)state!).Kill(), this);

    /// <summary>Waits for the process to exit (and for its stderr to be read) and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken = default)
    {
        await using (KillOnCancel(cancellationToken))
        {
            await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            await _errorPump.ConfigureAwait(false);
        }
        cancellationToken.ThrowIfCancellationRequested();
        return _process.ExitCode;
    }

    /// <summary>Waits for the process to exit and throws a <see cref="MediaException"/> if it failed.</summary>
    /// <param name="failure">what could not be done; starts the exception message</param>
    public async Task EnsureSuccessAsync(string failure, CancellationToken cancellationToken = default)
    {
        if (await WaitForExitAsync(cancellationToken).ConfigureAwait(false) != 0) throw Failure(failure);
    }

    /// <summary>
    /// Closes stdin, telling the tool the input has ended. Safe to repeat; a pipe that broke because
    /// the process is gone is ignored (its exit code tells why).
    /// </summary>
    public void CloseInput()
    {
        try
        {
            _process.StandardInput.BaseStream.Flush();
            _process.StandardInput.Close();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // Already closed, or the reader went away.
        }
    }

    /// <summary>An exception for this process's failure, with its exit code (if exited) and last stderr lines.</summary>
    public MediaException Failure(string failure) => new(failure, Subject, Tool, ExitCode, ErrorText);

    /// <summary>Kills the process (and any children) if it still runs.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill: nothing left to stop.
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Kill();
        if (_hasInput) CloseInput();
        await _process.WaitForExitAsync().ConfigureAwait(false);
        await _errorPump.ConfigureAwait(false);
        _process.Dispose();
    }

    private async Task PumpErrorsAsync()
    {
        while (await _process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line) _errors.Add(line);
    }
}
