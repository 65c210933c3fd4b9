using System.Diagnostics;

namespace StyleFarm.Bench.Throughput;

/// <summary>Runs a program to its end and hands back its output; a non-zero exit or an overrun is an exception with its stderr.</summary>
internal static class Commands
{
    /// <summary>Runs <paramref name="program"/> with <paramref name="args"/> (and <paramref name="environment"/> added); returns its stdout.</summary>
    /// <exception cref="InvalidOperationException">It exited non-zero.</exception>
    /// <exception cref="TimeoutException">It ran longer than <paramref name="timeout"/> (it is killed).</exception>
    public static async Task<string> RunAsync(string program, IReadOnlyList<string> args, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellationToken = default)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (cancellationToken.IsCancellationRequested) throw;
            throw new TimeoutException($"{Describe(program, args)} did not finish within {timeout.TotalSeconds:0} s");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Describe(program, args)} exited with {process.ExitCode}: {(await stderr).Trim()}");
        return await stdout;
    }

    private static string Describe(string program, IReadOnlyList<string> args) => $"{Path.GetFileName(program)} {string.Join(' ', args.Take(3))}";
}
