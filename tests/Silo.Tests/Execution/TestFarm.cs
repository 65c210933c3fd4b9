using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Tests.Support;
using StyleFarm.Kernels.Models;
using StyleFarm.Kernels.Shots;
using StyleFarm.Silo.Execution;
using StyleFarm.Silo.Storage.Artifacts;
using StyleFarm.Silo.Tests.Artifacts;
using StyleFarm.Silo.Worker;

namespace StyleFarm.Silo.Tests.Execution;

/// <summary>
/// An embedded farm over the in-memory task store and a folder artifact store (behind a fault injector)
/// in a temporary folder, with seeded random VGG-19 weights and intervals short enough for tests.
/// </summary>
public sealed class TestFarm : IDisposable
{
    private readonly HttpClient _http = new();

    public TestFarm()
    {
        Store = new InMemoryFarmStore();
        Folder = new TempFolder();
        Artifacts = new FaultInjectingArtifactStore(new FolderArtifactStore(Path.Combine(Folder.Path, "artifacts")));
        Models = new ModelStore(new ModelStoreOptions { Folder = Path.Combine(Folder.Path, "models") }, ModelCatalog.Default, _http);
    }

    public TempFolder Folder { get; }
    public InMemoryFarmStore Store { get; }
    public FaultInjectingArtifactStore Artifacts { get; }
    public ModelStore Models { get; }

    /// <summary>Leases that tests can outlive quickly: 4 s, renewed every 1 s; retries after 10–50 ms.</summary>
    public static LeaseOptions QuickLeases { get; } = new()
    {
        Duration = TimeSpan.FromSeconds(4),
        HeartbeatInterval = TimeSpan.FromSeconds(1),
        BackoffBase = TimeSpan.FromMilliseconds(10),
        BackoffCap = TimeSpan.FromMilliseconds(50),
    };

    public string PathOf(string name) => Path.Combine(Folder.Path, name);

    /// <summary>An embedded farm of <paramref name="workers"/> workers on the real clock.</summary>
    public EmbeddedFarm Farm(int workers = 1) => EmbeddedFarm.Over(new EmbeddedFarmOptions
    {
        Workers = workers,
        SiloName = "test-silo",
        Folder = PathOf("silo"),
        Lease = QuickLeases,
        CoordinatorInterval = TimeSpan.FromMilliseconds(100),
        PollInterval = TimeSpan.FromMilliseconds(200),
    }, Store, Artifacts, Models, TimeProvider.System);

    /// <summary>Services of one silo whose cache is in <paramref name="name"/>.</summary>
    public ExecutionServices Services(string name = "silo") =>
        new(Artifacts, new FlowCache(PathOf(Path.Combine(name, "flow"))), Models, "cpu", PathOf(Path.Combine(name, "work")), new ShotDetectorOptions());

    /// <summary>A spec in the preview preset with <paramref name="iterations"/> iterations a frame.</summary>
    public static JobSpec Spec(string input, string output, int passes, int segmentLength, int halo, int iterations = 2) => new()
    {
        Input = input,
        StyleImages = [ExecutionMedia.StyleImage],
        Preset = "preview",
        Parameters = new Dictionary<string, string> { ["iterations"] = iterations.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        Output = output,
        SegmentLength = segmentLength,
        Halo = halo,
        Passes = passes,
    };

    public void Dispose()
    {
        Folder.Dispose();
        _http.Dispose();
    }
}
