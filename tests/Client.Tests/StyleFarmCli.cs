using System.Diagnostics;

namespace StyleFarm.Client.Tests;

/// <summary>Runs the built `stylefarm` program as a separate process, the way a user does.</summary>
public static class StyleFarmCli
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Result Run(params string[] args) => RunWith(new Dictionary<string, string>(), args);

    /// <summary>Runs the program in <paramref name="folder"/> (its current folder), as a user in that folder does.</summary>
    public static Result RunIn(string folder, params string[] args) => RunIn(folder, new Dictionary<string, string>(), args);

    /// <summary>Runs the program with <paramref name="environment"/> added to this process's environment.</summary>
    public static Result RunWith(IReadOnlyDictionary<string, string> environment, params string[] args) => RunIn(AppContext.BaseDirectory, environment, args);

    /// <summary>Runs the program in the folder <paramref name="workingDirectory"/> with <paramref name="environment"/> added to this process's environment.</summary>
    public static Result RunIn(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = StartInfo(args);
        info.WorkingDirectory = workingDirectory;
        foreach (var (name, value) in environment) info.Environment[name] = value;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"stylefarm {string.Join(' ', args)} did not finish in 5 minutes");
        }
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>
    /// Starts `stylefarm` without waiting for it. Its output is drained in the background (so that it never blocks on
    /// a full pipe); stderr is kept for messages. The caller kills or awaits the process.
    /// </summary>
    public static Running Start(params string[] args) => new(Process.Start(StartInfo(args))!);

    /// <summary>A `stylefarm` process started by <see cref="Start"/>; disposing it kills the process if it still runs.</summary>
    public sealed class Running : IDisposable
    {
        private readonly System.Text.StringBuilder _stderr = new();

        internal Running(Process process)
        {
            Process = process;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, e) =>
            {
                lock (_stderr) _stderr.AppendLine(e.Data);
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public Process Process { get; }

        /// <summary>What the process wrote to stderr so far.</summary>
        public string Stderr
        {
            get
            {
                lock (_stderr) return _stderr.ToString();
            }
        }

        public void Dispose()
        {
            if (!Process.HasExited) Process.Kill(entireProcessTree: true);
            Process.Dispose();
        }
    }

    /// <summary>How to start the program with <paramref name="args"/>, output redirected.</summary>
    public static ProcessStartInfo StartInfo(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "stylefarm.dll"));
        foreach (var a in args) info.ArgumentList.Add(a);
        return info;
    }
}
