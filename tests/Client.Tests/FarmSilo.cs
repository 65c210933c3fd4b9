namespace StyleFarm.Client.Tests;

/// <summary>One `stylefarm silo --role api,coordinator` with its state in a folder (a cluster of one, no worker), shared by a test class.</summary>
public sealed class FarmSilo : IAsyncLifetime
{
    public const string Token = "cli-test-token-0123456789";

    private readonly TempFolder _folder = new();

    public SiloProcess Silo { get; private set; } = null!;

    public string Folder => _folder.Path;

    /// <summary>The arguments that point a client command at this silo.</summary>
    public string[] Server => ["--server", Silo.Api, "--token", Token];

    public static string[] Arguments(string folder, string name) =>
    [
        "--role", "api,coordinator", "--store", $"folder:{Path.Combine(folder, "grains")}", "--artifacts", $"folder:{Path.Combine(folder, "artifacts")}",
        "--token", Token, "--name", name, .. FreeOrleansPorts(),
        // The jobs these tests submit read the demo data (the submit check probes it; no worker runs them); their outputs go to the silo's folder.
        "--input-root", "/", "--output-root", folder,
    ];

    /// <summary>--silo-port and --gateway-port on ports free now, so silos the tests start side by side never share one.</summary>
    public static string[] FreeOrleansPorts() => ["--silo-port", FreePort().ToString(), "--gateway-port", FreePort().ToString()];

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async Task InitializeAsync() => Silo = await SiloProcess.StartAsync(Arguments(_folder.Path, "cli-silo"));

    public Task DisposeAsync()
    {
        Silo?.Dispose();
        _folder.Dispose();
        return Task.CompletedTask;
    }
}
