using System.Diagnostics;

namespace StyleFarm.Silo.Tests.Artifacts;

/// <summary>
/// Azurite's blob service, installed once with npm into <c>build/azurite</c> of the checkout.
/// Idempotent and safe across test processes: a lock file serializes the install, and an existing
/// install of the right version is used as it is.
/// </summary>
public static class AzuriteInstallation
{
    /// <summary>3.34.0 runs on Node 20 (3.37.0 declares Node ≥ 22).</summary>
    public const string Version = "3.34.0";

    private static readonly SemaphoreSlim InProcess = new(1, 1);

    /// <summary>The blob service's entry script, installing Azurite first if needed.</summary>
    public static async Task<string> EnsureAsync(CancellationToken cancellationToken = default)
    {
        var prefix = Path.Combine(RepositoryRoot.Find(), "build", "azurite");
        var script = Path.Combine(prefix, "node_modules", "azurite", "dist", "src", "blob", "main.js");
        if (IsInstalled(prefix, script)) return script;
        await InProcess.WaitAsync(cancellationToken);
        try
        {
            Directory.CreateDirectory(prefix);
            await using var crossProcess = await LockAsync(Path.Combine(prefix, ".install.lock"), TimeSpan.FromMinutes(5), cancellationToken);
            if (IsInstalled(prefix, script)) return script;
            await NpmInstallAsync(prefix, cancellationToken);
            if (!IsInstalled(prefix, script))
                throw new InvalidOperationException($"npm installed azurite@{Version} into {prefix}, but {script} is missing.");
            return script;
        }
        finally
        {
            InProcess.Release();
        }
    }

    private static bool IsInstalled(string prefix, string script)
    {
        var manifest = Path.Combine(prefix, "node_modules", "azurite", "package.json");
        return File.Exists(script) && File.Exists(manifest) && File.ReadAllText(manifest).Contains($"\"version\": \"{Version}\"", StringComparison.Ordinal);
    }

    private static async Task NpmInstallAsync(string prefix, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("npm")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "install", "--prefix", prefix, $"azurite@{Version}", "--no-audit", "--no-fund", "--loglevel=error" })
            start.ArgumentList.Add(argument);
        using var npm = Process.Start(start) ?? throw new InvalidOperationException("npm did not start; install Node.js and npm.");
        var output = npm.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = npm.StandardError.ReadToEndAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromMinutes(5));
        try { await npm.WaitForExitAsync(deadline.Token); }
        catch (OperationCanceledException)
        {
            npm.Kill(entireProcessTree: true);
            throw new TimeoutException($"npm install azurite@{Version} did not finish within 5 minutes.");
        }
        if (npm.ExitCode != 0)
            throw new InvalidOperationException($"npm install azurite@{Version} into {prefix} failed ({npm.ExitCode}): {await errors}{await output}");
    }

    // An exclusive lock file, polled until free or the deadline.
    private static async Task<FileStream> LockAsync(string path, TimeSpan patience, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) when (deadline.Elapsed < patience)
            {
                await Task.Delay(200, cancellationToken);
            }
        }
    }
}
