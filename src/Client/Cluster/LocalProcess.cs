using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace StyleFarm.Client.Cluster;

/// <summary>
/// Starts and stops the farm's background processes. A process is started in a session of its own
/// (setsid, stdin from /dev/null, output appended to a log), so it outlives `cluster up` and no terminal
/// hang-up reaches it. A process counts as running only while its command line still names what it was
/// started as: a recycled process id, or a finished process not yet reaped, is not taken for it.
/// </summary>
public static partial class LocalProcess
{
    /// <summary>SIGTERM: stop cleanly.</summary>
    public const int SigTerm = 15;

    /// <summary>SIGKILL: stop now.</summary>
    public const int SigKill = 9;

    /// <summary>
    /// Starts <paramref name="program"/> detached with its output appended to <paramref name="log"/>; returns its process id.
    /// Secrets go in <paramref name="environment"/> (readable by the same user and root only), never in <paramref name="arguments"/> (any user's `ps` shows them).
    /// </summary>
    /// <param name="privateFiles">Run it with umask 077, so the files it creates (and its log) are its owner's only.</param>
    /// <exception cref="InvalidOperationException">The shell could not start it.</exception>
    public static int StartDetached(string program, IEnumerable<string> arguments, string log, IReadOnlyDictionary<string, string>? environment = null,
        bool privateFiles = false)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        // exec keeps the process id: sh becomes setsid, which (not being a group leader) becomes the program.
        var script = (privateFiles ? "umask 077; " : "") + "log=$1; shift; exec setsid \"$@\" >>\"$log\" 2>&1 </dev/null";
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (var argument in new[] { "-c", script, "sh", log, program })
            start.ArgumentList.Add(argument);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        if (environment is not null)
            foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        return process.Id;
    }

    /// <summary>Whether process <paramref name="pid"/> runs and its command line contains every one of <paramref name="marks"/>.</summary>
    public static bool IsRunning(int pid, params string[] marks)
    {
        if (pid <= 0) return false;
        try
        {
            // A zombie (exited, not yet reaped) has an empty command line and state Z.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields[0] is "Z" or "X") return false;
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
            // A process in the middle of exec (sh → setsid → the program) shows an empty command line for a
            // moment; taking that for "exited" made `cluster up` fail with an empty log. Kernel threads have
            // none either, and are not ours.
            if (commandLine.Length == 0) return !IsKernelThread(fields);
            return marks.All(m => commandLine.Contains(m, StringComparison.Ordinal));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    // /proc/PID/stat's flags (the 9th field; the 7th after the state) carry PF_KTHREAD for kernel threads.
    private static bool IsKernelThread(string[] fieldsFromState) =>
        fieldsFromState.Length > 6 && uint.TryParse(fieldsFromState[6], out var flags) && (flags & 0x00200000) != 0;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false when there is no such process.</summary>
    public static bool Signal(int pid, int signal) => pid > 0 && Kill(pid, signal) == 0;

    /// <summary>
    /// Stops process <paramref name="pid"/> (checked against <paramref name="marks"/>): SIGTERM, then SIGKILL
    /// when it has not exited after <paramref name="patience"/>. Returns at once when it does not run.
    /// </summary>
    /// <returns>True when SIGKILL was needed.</returns>
    public static async Task<bool> StopAsync(int pid, TimeSpan patience, params string[] marks)
    {
        if (!IsRunning(pid, marks)) return false;
        Signal(pid, SigTerm);
        if (await WaitGoneAsync(pid, patience, marks).ConfigureAwait(false)) return false;
        Signal(pid, SigKill);
        await WaitGoneAsync(pid, TimeSpan.FromSeconds(10), marks).ConfigureAwait(false);
        return true;
    }

    /// <summary>Waits until <paramref name="pid"/> no longer runs, at most <paramref name="patience"/>; true when it is gone.</summary>
    public static async Task<bool> WaitGoneAsync(int pid, TimeSpan patience, params string[] marks)
    {
        var waited = Stopwatch.StartNew();
        // Not our child, so there is no exit event to wait on: look every 50 ms.
        while (IsRunning(pid, marks))
        {
            if (waited.Elapsed > patience) return false;
            await Task.Delay(50).ConfigureAwait(false);
        }
        return true;
    }

    private static readonly HashSet<int> GivenPorts = [];

    /// <summary>
    /// A port on 127.0.0.1 that is free now and not handed out before by this process: a closed probe's port may be
    /// offered again at once, and a silo given the same port for its silo and gateway endpoints cannot start.
    /// </summary>
    public static int FreePort()
    {
        while (true)
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            lock (GivenPorts)
            {
                if (GivenPorts.Add(port)) return port;
            }
        }
    }

    /// <summary>Whether something accepts connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task<bool> IsListeningAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(TimeSpan.FromSeconds(1));
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, attempt.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    /// <summary>
    /// The last <paramref name="lines"/> lines of <paramref name="log"/> from byte <paramref name="from"/> on, for an error message;
    /// where the process died of an unhandled exception or failed fast, its message and the top of its stack instead (a stack trace is
    /// longer than the tail, and the message that says why is its first line).
    /// </summary>
    public static string Tail(string log, int lines = 15, long from = 0)
    {
        try
        {
            using var file = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            file.Seek(Math.Min(from, file.Length), SeekOrigin.Begin);
            using var reader = new StreamReader(file);
            var all = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (all.Length == 0) return "(empty log)";
            var crash = Array.FindLastIndex(all, l => Crashes.Any(c => l.StartsWith(c, StringComparison.Ordinal)));
            return string.Join(" | ", crash >= 0 ? all.Skip(crash).Take(lines) : all.TakeLast(lines));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "(no log)";
        }
    }

    // How .NET begins the report of an exception that ended the process, and of Environment.FailFast (Orleans' end for a silo declared dead).
    private static readonly string[] Crashes = ["Unhandled exception.", "Process terminated."];

    /// <summary>The size of <paramref name="log"/> now (0 when it does not exist): where this start's output will begin.</summary>
    public static long LogLength(string log) => File.Exists(log) ? new FileInfo(log).Length : 0;

    /// <summary>Whether this process runs as root.</summary>
    public static bool IsRoot() => GetEffectiveUserId() == 0;

    /// <summary>Runs <paramref name="program"/> to its end; throws with its output when it fails.</summary>
    /// <exception cref="InvalidOperationException">It exited non-zero; the message holds its output.</exception>
    public static async Task<string> RunAsync(string program, IEnumerable<string> arguments, TimeSpan patience, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        if (environment is not null)
            foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(patience);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)} did not finish within {patience.TotalSeconds:0} s");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}: {(await error).Trim()} {(await output).Trim()}");
        return await output.ConfigureAwait(false);
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();
}
