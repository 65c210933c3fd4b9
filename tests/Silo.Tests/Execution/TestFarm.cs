using StyleFarm.Grains.Silos;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Tasks;
using StyleFarm.Kernels.Models;
using StyleFarm.Kernels.Shots;
using StyleFarm.Silo.Execution;
using StyleFarm.Silo.Paths;
using StyleFarm.Silo.Storage.Artifacts;
using StyleFarm.Silo.Tests.Artifacts;
using StyleFarm.Silo.Worker;

namespace StyleFarm.Silo.Tests.Execution;

/// <summary>
/// Media, models and a folder artifact store (behind a fault injector) in a temporary folder, with seeded random VGG-19
/// weights, and embedded farms (one Orleans silo and its workers in this process) over them, with intervals short enough
/// for tests.
/// </summary>
public sealed class TestFarm : IDisposable
{
    private readonly HttpClient _http = new();

    public TestFarm()
    {
        Folder = new TempFolder();
        Artifacts = new FaultInjectingArtifactStore(new FolderArtifactStore(Path.Combine(Folder.Path, "artifacts")));
        Models = new ModelStore(new ModelStoreOptions { Folder = Path.Combine(Folder.Path, "models") }, ModelCatalog.Default, _http);
    }

    public TempFolder Folder { get; }
    public FaultInjectingArtifactStore Artifacts { get; }
    public ModelStore Models { get; }

    /// <summary>Retries after 10–50 ms, so failure tests take no time.</summary>
    public static LeaseOptions QuickLeases { get; } = new()
    {
        BackoffBase = TimeSpan.FromMilliseconds(10),
        BackoffCap = TimeSpan.FromMilliseconds(50),
    };

    public string PathOf(string name) => Path.Combine(Folder.Path, name);

    /// <summary>An embedded farm of <paramref name="workers"/> workers on the real clock (dispose it).</summary>
    public Task<EmbeddedFarm> StartAsync(int workers = 1, WorkerCapabilities? capabilities = null) => EmbeddedFarm.StartAsync(new EmbeddedFarmOptions
    {
        Workers = workers,
        Capabilities = capabilities ?? new EmbeddedFarmOptions().Capabilities,
        SiloName = "test-silo",
        Folder = PathOf("silo"),
        StateFolder = PathOf($"grains-{Guid.NewGuid():N}"),
        Lease = QuickLeases,
        PollInterval = TimeSpan.FromMilliseconds(50),
        HoldCheckInterval = TimeSpan.FromMilliseconds(100),
    }, Artifacts, Models, TimeProvider.System);

    /// <summary>Renders <paramref name="spec"/> on a farm of <paramref name="workers"/> started for it; the job, its metrics and every task at its end.</summary>
    public async Task<TestRun> RenderAsync(JobSpec spec, int workers = 1, WorkerCapabilities? capabilities = null)
    {
        await using var farm = await StartAsync(workers, capabilities);
        var result = await farm.RenderAsync(spec, CancellationToken.None);
        return new TestRun(result.Job, result.Metrics, await farm.TasksAsync(result.Job.Id), result.FailureIsPermanent);
    }

    /// <summary>Services of one silo whose cache is in <paramref name="name"/>, its tasks limited to <paramref name="paths"/> (default: anywhere).</summary>
    public ExecutionServices Services(string name = "silo", PathPolicy? paths = null) =>
        new(Artifacts, new FlowCache(PathOf(Path.Combine(name, "flow"))), Models, "cpu", PathOf(Path.Combine(name, "work")), new ShotDetectorOptions(), paths ?? PathPolicy.Anywhere);

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

/// <summary>How a test render ended: the job, its metrics when it succeeded, every task, and whether its failure is one no rerun fixes.</summary>
public sealed record TestRun(Job Job, JobMetrics? Metrics, IReadOnlyList<TaskRecord> Tasks, bool FailureIsPermanent = false);
