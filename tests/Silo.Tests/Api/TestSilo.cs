using System.Net.Http.Headers;
using StyleFarm.Silo.Api;
using StyleFarm.Silo.Hosting;
using StyleFarm.Silo.Storage.Artifacts;
using StyleFarm.Silo.Tests.Artifacts;

namespace StyleFarm.Silo.Tests.Api;

/// <summary>
/// A real silo in the test process: a SQLite store and a folder artifact store in a temporary folder,
/// the API (when asked for) on real Kestrel at a free loopback port, and an HttpClient that sends the token.
/// </summary>
public sealed class TestSilo : IAsyncDisposable
{
    public const string Token = "test-token-0123456789abcdef";

    private readonly TempFolder? _ownFolder;

    private TestSilo(SiloHost host, RecordingLogs logs, TempFolder? ownFolder)
    {
        Host = host;
        Logs = logs;
        _ownFolder = ownFolder;
        if (host.ApiAddress is { } address)
        {
            Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
            Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        }
    }

    public SiloHost Host { get; }

    public RecordingLogs Logs { get; }

    /// <summary>A client that sends the token (API role only).</summary>
    public HttpClient Http { get; } = new();

    /// <summary>SiloOptions for a SQLite silo in <paramref name="folder"/>: fast coordinator rounds, API on a free port.</summary>
    public static SiloOptions Options(SiloRoles roles, string folder, string name = "test-silo") => new()
    {
        Roles = roles,
        Name = name,
        Store = new TaskStoreLocation(TaskStoreKind.Sqlite, Path.Combine(folder, "farm.db")),
        Artifacts = new ArtifactStoreOptions { Folder = Path.Combine(folder, "artifacts") },
        Api = new ApiOptions { Urls = "http://127.0.0.1:0", Token = new ApiToken(Token) },
        Coordinator = new CoordinatorRoleOptions { Interval = TimeSpan.FromMilliseconds(200), StandbyInterval = TimeSpan.FromMilliseconds(100) },
        // Silos on a PostgreSQL store join an Orleans cluster: each its own ports, so tests can run side by side.
        Cluster = Cluster.LoopbackPorts.Cluster(),
    };

    /// <summary>Starts a silo with <paramref name="roles"/> in a folder of its own (or <paramref name="options"/> as given).</summary>
    public static async Task<TestSilo> StartAsync(SiloRoles roles, SiloOptions? options = null)
    {
        var folder = options is null ? new TempFolder() : null;
        var logs = new RecordingLogs();
        try
        {
            var host = await SiloHost.StartAsync(options ?? Options(roles, folder!.Path), SiloPlugins.None, logs.Factory, TimeProvider.System, CancellationToken.None);
            return new TestSilo(host, logs, folder);
        }
        catch
        {
            folder?.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        Logs.Factory.Dispose();
        _ownFolder?.Dispose();
    }
}
