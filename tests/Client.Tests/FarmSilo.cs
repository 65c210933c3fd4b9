namespace StyleFarm.Client.Tests;

/// <summary>One `stylefarm silo --role api,coordinator` on a SQLite store, shared by a test class.</summary>
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
        "--role", "api,coordinator", "--store", $"sqlite:{Path.Combine(folder, "farm.db")}", "--artifacts", $"folder:{Path.Combine(folder, "artifacts")}",
        "--token", Token, "--name", name,
    ];

    public async Task InitializeAsync() => Silo = await SiloProcess.StartAsync(Arguments(_folder.Path, "cli-silo"));

    public Task DisposeAsync()
    {
        Silo?.Dispose();
        _folder.Dispose();
        return Task.CompletedTask;
    }
}
