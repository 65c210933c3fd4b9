using System.Diagnostics;
using System.Globalization;
using StyleFarm.Silo.Storage.Artifacts;

namespace StyleFarm.Client.Cluster;

/// <summary>
/// The local farm's blob store: Azurite's blob service (npm azurite@<see cref="Version"/>, installed once
/// into build/azurite of the checkout this program runs from, else into DIR/azurite/npm), on a loopback
/// port with its data in DIR/azurite/data. Started with --disableTelemetry (Azurite otherwise reports to
/// an outside service), --silent and --skipApiVersionCheck; stopped with SIGTERM so it saves its index.
/// </summary>
public sealed class LocalAzurite(ClusterLayout layout)
{
    /// <summary>3.34.0 runs on Node 20 (3.37.0 declares Node ≥ 22).</summary>
    public const string Version = "3.34.0";

    /// <summary>What the process's command line shows (to tell it from a recycled pid).</summary>
    public const string Mark = "azurite";

    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(30);

    /// <summary>The connection string of Azurite's account at <paramref name="port"/>.</summary>
    public static string ConnectionString(int port)
    {
        var account = AzureBlobAccount.Development(port);
        return $"DefaultEndpointsProtocol=http;AccountName={account.AccountName};AccountKey={account.AccountKey};BlobEndpoint={account.BlobEndpoint}";
    }

    /// <summary>Installs Azurite if needed and starts it on <paramref name="port"/>; returns its process id once it accepts connections.</summary>
    /// <exception cref="InvalidOperationException">npm or node is missing, the install failed, or Azurite exited while starting (the message holds its log).</exception>
    public async Task<int> StartAsync(int port, Action<string> say, CancellationToken cancellationToken)
    {
        var script = await EnsureInstalledAsync(say, cancellationToken).ConfigureAwait(false);
        Directory.CreateDirectory(layout.AzuriteData);
        var pid = LocalProcess.StartDetached("node",
            [script, "--blobHost", "127.0.0.1", "--blobPort", port.ToString(CultureInfo.InvariantCulture), "--location", layout.AzuriteData,
             "--skipApiVersionCheck", "--silent", "--disableTelemetry"],
            layout.AzuriteLog);
        var waited = Stopwatch.StartNew();
        while (!await LocalProcess.IsListeningAsync(port, cancellationToken).ConfigureAwait(false))
        {
            if (!LocalProcess.IsRunning(pid, Mark))
                throw new InvalidOperationException($"Azurite exited while starting on port {port}: {LocalProcess.Tail(layout.AzuriteLog)}");
            if (waited.Elapsed > StartPatience)
            {
                await LocalProcess.StopAsync(pid, TimeSpan.FromSeconds(5), Mark).ConfigureAwait(false);
                throw new TimeoutException($"Azurite did not accept connections on port {port} within {StartPatience.TotalSeconds} s: {LocalProcess.Tail(layout.AzuriteLog)}");
            }
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
        return pid;
    }

    private async Task<string> EnsureInstalledAsync(Action<string> say, CancellationToken cancellationToken)
    {
        var prefix = CheckoutRoot() is { } root ? Path.Combine(root, "build", "azurite") : layout.AzuriteInstall;
        var script = Path.Combine(prefix, "node_modules", "azurite", "dist", "src", "blob", "main.js");
        if (IsInstalled(prefix, script)) return script;
        Directory.CreateDirectory(prefix);
        // Test runs and other farms may install into the same folder: take turns.
        await using var turn = await LockAsync(Path.Combine(prefix, ".install.lock"), TimeSpan.FromMinutes(5), cancellationToken).ConfigureAwait(false);
        if (IsInstalled(prefix, script)) return script;
        say($"azurite: installing azurite@{Version} into {prefix}");
        await LocalProcess.RunAsync("npm", ["install", "--prefix", prefix, $"azurite@{Version}", "--no-audit", "--no-fund", "--loglevel=error"],
            TimeSpan.FromMinutes(5), cancellationToken).ConfigureAwait(false);
        return IsInstalled(prefix, script) ? script : throw new InvalidOperationException($"npm installed azurite@{Version} into {prefix}, but {script} is missing");
    }

    private static bool IsInstalled(string prefix, string script)
    {
        var manifest = Path.Combine(prefix, "node_modules", "azurite", "package.json");
        return File.Exists(script) && File.Exists(manifest) && File.ReadAllText(manifest).Contains($"\"version\": \"{Version}\"", StringComparison.Ordinal);
    }

    // The checkout holding this program (a folder above it with Cluster.sln), whose build/ folder tests share.
    private static string? CheckoutRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Cluster.sln"))) return folder.FullName;
        return null;
    }

    private static async Task<FileStream> LockAsync(string path, TimeSpan patience, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) when (waited.Elapsed < patience)
            {
                await Task.Delay(200, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
