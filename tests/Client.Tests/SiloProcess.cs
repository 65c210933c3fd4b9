using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace StyleFarm.Client.Tests;

/// <summary>
/// A `stylefarm silo` process started by a test, with its output captured line by line: the test waits
/// for the line that announces a state (the API listening, the silo stopped) instead of sleeping.
/// Disposing kills it if it still runs.
/// </summary>
public sealed partial class SiloProcess : IDisposable
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly List<(Regex Pattern, TaskCompletionSource<Match> Seen)> _waiters = [];

    private SiloProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    /// <summary>Where its API listens (once <see cref="StartAsync"/> returned).</summary>
    public string Api { get; private set; } = "";

    public string Output
    {
        get { lock (_lines) return string.Join('\n', _lines); }
    }

    /// <summary>Starts `stylefarm silo ARGS --urls http://127.0.0.1:0` and returns once its API listens.</summary>
    public static Task<SiloProcess> StartAsync(params string[] args) => StartWithAsync(new Dictionary<string, string>(), args);

    /// <summary>Starts `stylefarm silo ARGS --urls http://127.0.0.1:0` with <paramref name="environment"/> added and returns once its API listens.</summary>
    public static Task<SiloProcess> StartWithAsync(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        StartProcessAsync("http://127.0.0.1:0", environment, args);

    /// <summary>Starts `stylefarm silo ARGS --urls URLS` (a silo started again where it listened before) and returns once its API listens.</summary>
    public static Task<SiloProcess> StartAtAsync(string urls, params string[] args) => StartProcessAsync(urls, new Dictionary<string, string>(), args);

    private static async Task<SiloProcess> StartProcessAsync(string urls, IReadOnlyDictionary<string, string> environment, string[] args)
    {
        var start = StyleFarmCli.StartInfo(["silo", .. args, "--urls", urls]);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        var silo = new SiloProcess(Process.Start(start)!);
        try
        {
            var listening = await silo.WaitForAsync(ListeningLine());
            silo.Api = listening.Groups[1].Value.TrimEnd('/');
            return silo;
        }
        catch
        {
            silo.Dispose();
            throw;
        }
    }

    /// <summary>Completes with the first output line matching <paramref name="pattern"/> (already printed or to come).</summary>
    public Task<Match> WaitForAsync(Regex pattern)
    {
        var seen = new TaskCompletionSource<Match>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lines)
        {
            foreach (var line in _lines)
                if (pattern.Match(line) is { Success: true } m) return Task.FromResult(m);
            _waiters.Add((pattern, seen));
        }
        return seen.Task.WaitAsync(Deadline).ContinueWith(t => t.IsCompletedSuccessfully
            ? t.Result
            : throw new TimeoutException($"the silo did not print /{pattern}/ within {Deadline.TotalSeconds} s; it printed: {Output}"), TaskScheduler.Default);
    }

    /// <summary>Sends SIGTERM, as `cluster down` and Kubernetes do, and returns its exit code once it has exited.</summary>
    public async Task<int> TerminateAsync()
    {
        Assert.Equal(0, Kill(_process.Id, 15));
        using var patience = new CancellationTokenSource(Deadline);
        await _process.WaitForExitAsync(patience.Token);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is null) return;
        List<(TaskCompletionSource<Match>, Match)> woken = [];
        lock (_lines)
        {
            _lines.Add(line);
            foreach (var waiter in _waiters.ToList())
                if (waiter.Pattern.Match(line) is { Success: true } m)
                {
                    woken.Add((waiter.Seen, m));
                    _waiters.Remove(waiter);
                }
        }
        foreach (var (seen, m) in woken) seen.TrySetResult(m);
    }

    [GeneratedRegex(@"api: listening on (http://\S+)")]
    private static partial Regex ListeningLine();

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);
}
