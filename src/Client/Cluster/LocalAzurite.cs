using System.Diagnostics;
using System.Globalization;
using StyleFarm.Silo.Storage.Artifacts;

namespace StyleFarm.Client.Cluster;

/// <summary>
/// The local farm's blob store: Azurite's blob service (npm azurite@<see cref="Version"/>, installed once
/// into build/azurite of the checkout this program runs from, else into DIR/azurite/npm), on a loopback
/// port with its data in DIR/azurite/data. Its one account, <see cref="ClusterLayout.AzuriteAccount"/>, has a
/// generated key (DIR/azurite.key, mode 600) given in the AZURITE_ACCOUNTS environment variable, never on a
/// command line; with it set Azurite turns its well-known development account off. It runs with umask 077 in
/// a mode-700 folder, so its blobs are its owner's only. Started with --disableTelemetry (Azurite otherwise
/// reports to an outside service), --silent and --skipApiVersionCheck; stopped with SIGTERM so it saves its index.
/// </summary>
public sealed class LocalAzurite(ClusterLayout layout)
{
    /// <summary>3.34.0 runs on Node 20 (3.37.0 declares Node ≥ 22).</summary>
    public const string Version = "3.34.0";

    /// <summary>What the process's command line shows (to tell it from a recycled pid).</summary>
    public const string Mark = "azurite";

    /// <summary>How long a start may take before it counts as failed: a first start on a busy 2-core machine takes seconds.</summary>
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(60);

    /// <summary>Fresh ports tried when the chosen one was taken between choosing and binding it.</summary>
    private const int PortTries = 3;

    /// <summary>The connection string of the farm's account at <paramref name="port"/>, with its key from DIR/azurite.key.</summary>
    /// <exception cref="InvalidOperationException">The key file is missing: the farm was never started here.</exception>
    public string ConnectionString(int port) => ConnectionString(port, SecretFile.Read(layout.AzuriteKeyFile, "Azurite's account key"));

    /// <summary>The connection string of the farm's account at <paramref name="port"/> with <paramref name="key"/>.</summary>
    public static string ConnectionString(int port, string key) =>
        $"DefaultEndpointsProtocol=http;AccountName={ClusterLayout.AzuriteAccount};AccountKey={key};" +
        $"BlobEndpoint=http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/{ClusterLayout.AzuriteAccount}";

    /// <summary>
    /// Installs Azurite if needed and starts it on a free port; should another process take the port between
    /// choosing and binding it, starts again on another. Returns its process id and port once it answers.
    /// </summary>
    /// <exception cref="InvalidOperationException">npm or node is missing, the install failed, or Azurite exited while starting (the message holds its output).</exception>
    public async Task<(int Pid, int Port)> StartOnFreePortAsync(Action<string> say, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = LocalProcess.FreePort();
            try
            {
                return (await StartAsync(port, say, cancellationToken).ConfigureAwait(false), port);
            }
            catch (PortTakenException) when (attempt < PortTries)
            {
                say($"azurite: port {port} was taken by another process while starting; trying another");
            }
        }
    }

    /// <summary>Installs Azurite if needed and starts it on <paramref name="port"/>; returns its process id once it answers there.</summary>
    /// <exception cref="InvalidOperationException">npm or node is missing, the install failed, or Azurite exited while starting (the message holds its output).</exception>
    public async Task<int> StartAsync(int port, Action<string> say, CancellationToken cancellationToken)
    {
        var script = await EnsureInstalledAsync(say, cancellationToken).ConfigureAwait(false);
        var key = SecretFile.ReadOrCreate(layout.AzuriteKeyFile, SecretFile.NewAccountKey);
        PrivateFolder.Create(layout.AzuriteFolder);
        PrivateFolder.Create(layout.AzuriteData);
        // Only this start's output goes into an error: the log is appended to across restarts.
        var logStart = LocalProcess.LogLength(layout.AzuriteLog);
        var pid = LocalProcess.StartDetached("node",
            [script, "--blobHost", "127.0.0.1", "--blobPort", port.ToString(CultureInfo.InvariantCulture), "--location", layout.AzuriteData,
             "--skipApiVersionCheck", "--silent", "--disableTelemetry"],
            layout.AzuriteLog,
            new Dictionary<string, string> { ["AZURITE_ACCOUNTS"] = $"{ClusterLayout.AzuriteAccount}:{key}" },
            privateFiles: true);
        var waited = Stopwatch.StartNew();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        while (true)
        {
            if (!LocalProcess.IsRunning(pid, Mark))
            {
                var output = LocalProcess.Tail(layout.AzuriteLog, from: logStart);
                if (output.Contains("EADDRINUSE", StringComparison.Ordinal))
                    throw new PortTakenException($"Azurite could not listen on port {port}, which another process took: {output}");
                throw new InvalidOperationException($"Azurite exited while starting on port {port}: {output}");
            }
            // Something answers on the port: it must be this Azurite (another process may have taken the port).
            if (await AnswersAsAzuriteAsync(http, port, cancellationToken).ConfigureAwait(false) && LocalProcess.IsRunning(pid, Mark)) return pid;
            if (waited.Elapsed > StartPatience)
            {
                await LocalProcess.StopAsync(pid, TimeSpan.FromSeconds(5), Mark).ConfigureAwait(false);
                throw new TimeoutException($"Azurite did not answer on port {port} within {StartPatience.TotalSeconds} s: {LocalProcess.Tail(layout.AzuriteLog, from: logStart)}");
            }
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    // Azurite names itself in every answer's Server header (Azurite-Blob/3.34.0).
    private static async Task<bool> AnswersAsAzuriteAsync(HttpClient http, int port, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/{ClusterLayout.AzuriteAccount}?comp=list",
                cancellationToken).ConfigureAwait(false);
            return response.Headers.Server.Any(p => p.Product?.Name.StartsWith("Azurite", StringComparison.Ordinal) == true);
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    /// <summary>Azurite could not bind its port: another process took it after it was chosen.</summary>
    private sealed class PortTakenException(string message) : InvalidOperationException(message);

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
