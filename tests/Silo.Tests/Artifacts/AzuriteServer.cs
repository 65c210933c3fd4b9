using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using StyleFarm.Silo.Storage.Artifacts;

namespace StyleFarm.Silo.Tests.Artifacts;

/// <summary>
/// One Azurite blob service on a free loopback port with its own temporary data folder. It can be
/// stopped and started again on the same port and folder (the data survives), to play an outage.
/// Disposing kills the process tree and deletes the folder.
/// </summary>
public sealed partial class AzuriteServer : IAsyncDisposable
{
    private const int SigTerm = 15;
    private static readonly TimeSpan StopPatience = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(60);
    private static readonly HttpClient Probe = new();

    private readonly string _script;
    private readonly StringBuilder _output = new();
    private Process? _process;

    private AzuriteServer(string script, int port, string dataFolder)
    {
        _script = script;
        Port = port;
        DataFolder = dataFolder;
    }

    /// <summary>The blob service's port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Where Azurite keeps its blobs.</summary>
    public string DataFolder { get; }

    /// <summary>The emulator account (well-known key) at this server's address.</summary>
    public AzureBlobAccount Account => AzureBlobAccount.Development(Port);

    /// <summary>Whether the process is running.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Installs Azurite if needed, starts it and returns once it accepts connections.</summary>
    public static async Task<AzuriteServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var script = await AzuriteInstallation.EnsureAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var folder = Directory.CreateTempSubdirectory("stylefarm-azurite-").FullName;
            var server = new AzuriteServer(script, FreePort(), folder);
            try
            {
                await server.StartAgainAsync(cancellationToken);
                return server;
            }
            catch (InvalidOperationException e) when (attempt < 3 && e.Message.Contains("EADDRINUSE", StringComparison.Ordinal))
            {
                // Another process took the free port before Azurite bound it: try another.
                await server.DisposeAsync();
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Starts the stopped server again on the same port and data folder; returns once it accepts connections.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        if (IsRunning) throw new InvalidOperationException("Azurite is already running.");
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // --disableTelemetry: Azurite otherwise reports to an outside service.
        foreach (var argument in new[]
                 {
                     _script, "--blobHost", "127.0.0.1", "--blobPort", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--location", DataFolder, "--skipApiVersionCheck", "--silent", "--disableTelemetry",
                 })
            start.ArgumentList.Add(argument);
        lock (_output) _output.Clear();
        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start; install Node.js.");
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await WaitUntilListeningAsync(process, cancellationToken);
    }

    /// <summary>
    /// Stops the server as an operator would (SIGTERM: Azurite saves its blob index and closes) and
    /// waits until it is gone; its data stays for <see cref="StartAgainAsync"/>. Falls back to
    /// <see cref="KillAsync"/> if it does not exit within 15 s.
    /// </summary>
    public async Task StopAsync()
    {
        if (_process is not { } process) return;
        if (!process.HasExited && SendSignal(process.Id, SigTerm) == 0)
        {
            using var patience = new CancellationTokenSource(StopPatience);
            try { await process.WaitForExitAsync(patience.Token); }
            catch (OperationCanceledException)
            {
                // Still running: kill it below.
            }
        }
        await KillAsync();
    }

    /// <summary>
    /// Kills the process tree at once, as a crash would. Azurite saves its blob index every 5 s, so
    /// blobs committed just before may be lost, unlike in Azure itself.
    /// </summary>
    public async Task KillAsync()
    {
        if (_process is not { } process) return;
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        process.Dispose();
        _process = null;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        try { Directory.Delete(DataFolder, recursive: true); }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }

    private void Record(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private async Task WaitUntilListeningAsync(Process process, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
                throw new InvalidOperationException($"Azurite exited with {process.ExitCode} while starting on port {Port}: {Output()}");
            // Azurite names itself in every answer; another process that took the port does not.
            try
            {
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                attempt.CancelAfter(TimeSpan.FromSeconds(1));
                using var response = await Probe.GetAsync($"http://127.0.0.1:{Port}/{AzureBlobAccount.DevelopmentAccountName}?comp=list", attempt.Token);
                if (response.Headers.Server.Any(p => p.Product?.Name.StartsWith("Azurite", StringComparison.Ordinal) == true) && !process.HasExited) return;
            }
            catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // Not listening yet.
            }
            if (waited.Elapsed > StartPatience)
            {
                await KillAsync();
                throw new TimeoutException($"Azurite did not accept connections on port {Port} within {StartPatience.TotalSeconds} s: {Output()}");
            }
            await Task.Delay(25, cancellationToken);
        }
    }

    private string Output()
    {
        lock (_output) return _output.Length == 0 ? "(no output)" : _output.ToString();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "kill")]
    private static partial int SendSignal(int pid, int signal);
}
