using System.Net.Http.Headers;
using StyleFarm.Silo.Api;
using StyleFarm.Silo.Hosting;
using StyleFarm.Silo.Paths;
using StyleFarm.Silo.Storage.Artifacts;
using StyleFarm.Silo.Tests.Artifacts;
using StyleFarm.Silo.Tests.Cluster;

namespace StyleFarm.Silo.Tests.Api;

/// <summary>
/// A real silo in the test process: an Orleans silo of its own with grain state and a folder artifact store in a
/// temporary folder (or as the options say), the API (when asked for) on real Kestrel at a free loopback port, and an
/// HttpClient that sends the token.
/// </summary>
public sealed class TestSilo : IAsyncDisposable
{
    /// <summary>The operator's token, which <see cref="Http"/> sends.</summary>
    public const string Token = "test-token-0123456789abcdef";

    /// <summary>The viewer's token.</summary>
    public const string ViewerToken = "viewer-token-fedcba9876543210";

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

    /// <summary>A worker of this silo driven by the test (no executors): asks the dispatcher and commits, as a silo's worker does.</summary>
    public TestWorker Worker(string name = "test-worker") =>
        new(Host.Grains, Host.Node.Services.GetService(typeof(ILocalSiloDetails)) is ILocalSiloDetails local ? local.SiloAddress.ToParsableString() : "", name);

    /// <summary>SiloOptions for a silo on its own with its state in <paramref name="folder"/>: API on a free port, its own Orleans ports.</summary>
    public static SiloOptions Options(SiloRoles roles, string folder, string name = "test-silo") => new()
    {
        Roles = roles,
        Name = name,
        Store = new GrainStoreLocation(GrainStoreKind.Folder, Path.Combine(folder, "grains")),
        Artifacts = new ArtifactStoreOptions { Folder = Path.Combine(folder, "artifacts") },
        Api = new ApiOptions { Urls = "http://127.0.0.1:0", OperatorToken = new ApiToken(Token), ViewerToken = new ApiToken(ViewerToken) },
        Cluster = LoopbackPorts.Cluster(),
        // Inputs nobody reads (no worker) anywhere; outputs under the one folder the API tests name.
        Paths = new PathRoots { Input = ["/"], Output = [ApiJson.Outputs] },
    };

    /// <summary>Starts a silo with <paramref name="roles"/> in a folder of its own (or <paramref name="options"/> as given).</summary>
    public static async Task<TestSilo> StartAsync(SiloRoles roles, SiloOptions? options = null, SiloPlugins? plugins = null)
    {
        var folder = options is null ? new TempFolder() : null;
        var logs = new RecordingLogs();
        try
        {
            var host = await SiloHost.StartAsync(options ?? Options(roles, folder!.Path), plugins ?? SiloPlugins.None, logs.Factory, TimeProvider.System, CancellationToken.None);
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
