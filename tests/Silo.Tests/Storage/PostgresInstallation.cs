using System.Diagnostics;
using System.Runtime.InteropServices;

namespace StyleFarm.Silo.Tests.Storage;

/// <summary>
/// Finds PostgreSQL's server binaries (Debian: /usr/lib/postgresql/N/bin), installing the Debian
/// package first when they are missing and the tests run as root, and says which user runs the
/// server: PostgreSQL refuses to run as root, so as root it runs as "postgres".
/// </summary>
public static partial class PostgresInstallation
{
    private static readonly TimeSpan InstallPatience = TimeSpan.FromMinutes(10);

    /// <summary>The folder holding initdb, postgres and pg_ctl.</summary>
    /// <exception cref="InvalidOperationException">They are missing and cannot be installed here.</exception>
    public static async Task<string> EnsureAsync(CancellationToken cancellationToken)
    {
        if (FindBinaries() is { } found) return found;
        if (!IsRoot())
            throw new InvalidOperationException(
                "PostgreSQL's server binaries (initdb, postgres, pg_ctl) are not installed: install them with `sudo apt-get install postgresql`, " +
                "or run the tests as root and they install it; the tests start their own server on loopback.");
        await RunAsync("apt-get", ["update", "-qq"], cancellationToken);
        string? failure = null;
        try
        {
            await RunAsync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "postgresql"], cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            // The package's own cluster may fail to start where there is no init system; its binaries are what the tests need.
            failure = e.Message;
        }
        return FindBinaries() ?? throw new InvalidOperationException(
            $"apt-get install postgresql did not provide initdb, postgres and pg_ctl under /usr/lib/postgresql/*/bin or on PATH{(failure is null ? "" : $": {failure}")}");
    }

    /// <summary>The user the server runs as when the tests run as root; null to run it as the current user.</summary>
    /// <exception cref="InvalidOperationException">Running as root and there is no "postgres" user.</exception>
    public static string? ServerUser()
    {
        if (!IsRoot()) return null;
        if (!File.ReadLines("/etc/passwd").Any(line => line.StartsWith("postgres:", StringComparison.Ordinal)))
            throw new InvalidOperationException("the tests run as root, and PostgreSQL refuses to: they run it as the user 'postgres', which does not exist; reinstall the postgresql package (it creates that user)");
        return "postgres";
    }

    /// <summary>Whether this process runs as root.</summary>
    public static bool IsRoot() => GetEffectiveUserId() == 0;

    private static string? FindBinaries()
    {
        const string debian = "/usr/lib/postgresql";
        if (Directory.Exists(debian))
        {
            // The newest major version first.
            var versions = Directory.GetDirectories(debian)
                .Select(d => (Dir: d, Version: int.TryParse(Path.GetFileName(d), out var v) ? v : -1))
                .OrderByDescending(d => d.Version);
            foreach (var (dir, _) in versions)
                if (HasBinaries(Path.Combine(dir, "bin"))) return Path.Combine(dir, "bin");
        }
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var pgCtl = new FileInfo(Path.Combine(dir, "pg_ctl"));
            if (!pgCtl.Exists) continue;
            var target = pgCtl.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? pgCtl.FullName;
            var bin = Path.GetDirectoryName(target)!;
            if (HasBinaries(bin)) return bin;
        }
        return null;
    }

    private static bool HasBinaries(string bin) =>
        File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "postgres")) && File.Exists(Path.Combine(bin, "pg_ctl"));

    private static async Task RunAsync(string program, string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(InstallPatience);
        await process.WaitForExitAsync(patience.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}{await output}");
    }

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUserId();
}
