using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.Versioning;
using System.Text.Json;
using StyleFarm.Client.Cluster;
using StyleFarm.Grains.Artifacts;
using StyleFarm.Grains.Jobs;
using StyleFarm.Kernels.Imaging;
using StyleFarm.Kernels.Synthetic;
using StyleFarm.Kernels.Video;
using StyleFarm.Silo.Api;
using StyleFarm.Silo.Hosting;
using StyleFarm.Silo.Storage.Artifacts;

namespace StyleFarm.Client.Tests;

/// <summary>The test classes that share one <see cref="LocalFarm"/>; xUnit runs them one after the other.</summary>
[CollectionDefinition(LocalFarm.Collection)]
public sealed class LocalFarmCollection : ICollectionFixture<LocalFarm>;

/// <summary>
/// A farm of three silos started with `stylefarm cluster up` (PostgreSQL, Azurite, silo processes), shared by the
/// <see cref="Collection"/> test classes and stopped with `cluster down` when they are done, whatever happened to them. Tests reach it
/// as a user does (the CLI), through the API for what the CLI does not show (each task's silo), and as an Orleans client for what
/// only the cluster knows (where a job's grains live). Before the tests it renders <see cref="Render"/> once without faults:
/// the frames every faulted run of the same job must equal.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class LocalFarm : IAsyncLifetime
{
    public const string Collection = "local farm";
    public const int SiloCount = 3;
    public const string DataFolder = "/usr/share/doc/opencv-doc/examples/data";
    public static readonly string StyleImage = Path.Combine(DataFolder, "starry_night.jpg");

    /// <summary>Frames of <see cref="Clip"/>.</summary>
    public const int ClipFrames = 12;

    /// <summary>
    /// The tests' job options: 12 frames in 3 segments of 4 (halo 1), 2 passes of 3 iterations: 11 tasks, a few seconds each.
    /// </summary>
    public static readonly string[] Render =
        ["--iterations", "3", "--first-frame-iterations", "3", "--passes", "2", "--segment-length", "4", "--halo", "1"];

    /// <summary>The decoded frames of <see cref="Render"/> over <see cref="Clip"/> rendered without faults.</summary>
    public IReadOnlyList<RgbFrame> Reference { get; private set; } = [];

    private readonly TempFolder _folder = new();
    private readonly HttpClient _blobHttp = new() { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>The farm's data folder (`--data`); PostgreSQL's user must pass through every folder above it, so it is the temporary folder itself.</summary>
    public string Data => _folder.Path;

    public string Api { get; private set; } = "";

    public string Token { get; private set; } = "";

    /// <summary>The arguments that point a client command at the farm.</summary>
    public string[] Server => ["--server", Api, "--token", Token];

    /// <summary>A client of the farm's API that sends its token.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>A 64×48 FFV1 clip of <see cref="ClipFrames"/> frames panning over fruits.jpg, which the flow follows.</summary>
    public string Clip => File("pan.mkv");

    /// <summary>A path in the test's own folder (inputs and outputs of its jobs).</summary>
    public string File(string name) => Path.Combine(_folder.Path, "jobs", name);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Clip)!);
        await WritePanAsync(Clip, ClipFrames);
        StartWholeFarm();
        var reference = Submit(Clip, File("reference.mkv"), StyleImage, Render);
        var job = await WaitForEndAsync(reference, TimeSpan.FromMinutes(4));
        if (job.State != JobState.Succeeded) throw new InvalidOperationException($"the reference render failed: {await DescribeAsync(reference)}");
        Reference = await FramesAsync(File("reference.mkv"));
    }

    /// <summary>
    /// `cluster down`, then `cluster up` as the fixture first ran it: every process of the farm stopped and started again
    /// on its data (the API comes back on a new port, which <see cref="Api"/> and <see cref="Http"/> then follow).
    /// </summary>
    public void RestartWholeFarm()
    {
        var down = StyleFarmCli.Run("cluster", "down", "--data", Data);
        Assert.True(down.ExitCode == 0, $"cluster down failed: {down.Stderr}");
        Http.Dispose();
        StartWholeFarm();
    }

    private void StartWholeFarm()
    {
        // The jobs' files are in the test's folder and the style in the demo data: the farm's roots say so.
        var up = StyleFarmCli.Run("cluster", "up", "--silos", SiloCount.ToString(), "--data", Data, "--json",
            "--input-root", Path.GetDirectoryName(Clip)!, "--input-root", DataFolder, "--output-root", Path.GetDirectoryName(Clip)!);
        if (up.ExitCode != 0)
        {
            StyleFarmCli.Run("cluster", "down", "--data", Data);
            throw new InvalidOperationException($"cluster up failed: {up.Stderr}");
        }
        using var state = JsonDocument.Parse(up.Stdout);
        Api = state.RootElement.GetProperty("api").GetString()!;
        Token = state.RootElement.GetProperty("token").GetString()!;
        Http = new HttpClient { BaseAddress = new Uri(Api), Timeout = TimeSpan.FromSeconds(60) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
    }

    /// <summary>An Orleans client of the farm (dispose it).</summary>
    public Task<FarmGrains> GrainsAsync() => FarmGrains.ConnectAsync(new LocalPostgres(new ClusterLayout(Data)).SiloConnectionString(Ps().Postgres.Port));

    /// <summary>Asserts the video at <paramref name="path"/> has the frames of <see cref="Reference"/>, byte for byte.</summary>
    public async Task AssertReferenceFramesAsync(string path)
    {
        var frames = await FramesAsync(path);
        Assert.Equal(Reference.Count, frames.Count);
        for (var i = 0; i < frames.Count; i++)
            Assert.True(frames[i].Pixels.AsSpan().SequenceEqual(Reference[i].Pixels), $"frame {i} of {path} differs from the uninterrupted run's");
    }

    public Task DisposeAsync()
    {
        var down = StyleFarmCli.Run("cluster", "down", "--data", Data);
        Http?.Dispose();
        _blobHttp.Dispose();
        KeepLogs();
        _folder.Dispose();
        return down.ExitCode == 0 ? Task.CompletedTask : throw new InvalidOperationException($"cluster down failed: {down.Stderr}");
    }

    // Diagnostics: with STYLEFARM_TEST_FARM_LOGS set to a folder, the farm's logs (silos, PostgreSQL, Azurite) are copied there
    // before its data folder goes, so a failure seen once under load can be read afterwards.
    private void KeepLogs()
    {
        if (Environment.GetEnvironmentVariable("STYLEFARM_TEST_FARM_LOGS") is not { Length: > 0 } keep || !Directory.Exists(Data)) return;
        Directory.CreateDirectory(keep);
        foreach (var log in Directory.EnumerateFiles(Data, "*.log", SearchOption.AllDirectories))
            System.IO.File.Copy(log, Path.Combine(keep, Path.GetRelativePath(Data, log).Replace('/', '_')), overwrite: true);
    }

    /// <summary>`cluster up` on the running farm: starts again whatever of it stopped. Returns its one-line answer.</summary>
    public string Up()
    {
        var up = StyleFarmCli.Run("cluster", "up", "--data", Data);
        Assert.True(up.ExitCode == 0, $"cluster up failed: {up.Stderr}");
        return up.Stdout.Split('\n')[0].Trim();
    }

    /// <summary>`cluster ps --json`: the farm's processes and whether they run.</summary>
    public ClusterStatus Ps()
    {
        var ps = StyleFarmCli.Run("cluster", "ps", "--data", Data, "--json");
        Assert.True(ps.ExitCode == 0, ps.Stderr);
        return JsonSerializer.Deserialize(ps.Stdout, ClusterJsonContext.Default.ClusterStatus)!;
    }

    /// <summary>The log of silo <paramref name="name"/> (every run of it, appended).</summary>
    public string Log(string name) => System.IO.File.ReadAllText(Path.Combine(Data, "silos", $"{name}.log"));

    /// <summary>`stylefarm submit INPUT --style STYLE -o OUTPUT --preset preview ARGS`; returns the job id.</summary>
    public string Submit(string input, string output, string style, params string[] arguments)
    {
        var submitted = StyleFarmCli.Run(["submit", input, "--style", style, "-o", output, "--preset", "preview", .. arguments, .. Server]);
        Assert.True(submitted.ExitCode == 0, submitted.Stderr);
        return submitted.Stdout.Trim();
    }

    public async Task<JobView> JobAsync(string id) =>
        (await Http.GetFromJsonAsync($"/api/jobs/{id}", ApiJsonContext.Default.JobView))!;

    public async Task<IReadOnlyList<TaskView>> TasksAsync(string id) =>
        (await Http.GetFromJsonAsync($"/api/jobs/{id}/tasks", ApiJsonContext.Default.IReadOnlyListTaskView))!;

    /// <summary>Follows the job's events (long polls) until it is Succeeded, Failed or Cancelled; returns it then.</summary>
    public async Task<JobView> WaitForEndAsync(string id, TimeSpan patience)
    {
        using var deadline = new CancellationTokenSource(patience);
        long after = 0;
        while (true)
        {
            var job = await JobAsync(id);
            if (job.State is JobState.Succeeded or JobState.Failed or JobState.Cancelled) return job;
            try
            {
                var page = await Http.GetFromJsonAsync($"/api/jobs/{id}/events?after={after}&wait=true&timeout=10", ApiJsonContext.Default.JobEventsView, deadline.Token);
                after = page!.Last;
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"job {id} did not end within {patience.TotalSeconds} s: {await DescribeAsync(id)}");
            }
        }
    }

    /// <summary>The job's state and its tasks, one line each, for a failure message or the test output.</summary>
    public async Task<string> DescribeAsync(string id)
    {
        var job = await JobAsync(id);
        var tasks = await TasksAsync(id);
        return $"{job.State} ({job.Error}); tasks: " + string.Join("; ", tasks.Select(t =>
            $"{t.Key} {t.State}{(t.Silo is null ? "" : " on " + t.Silo)} attempts {t.Attempts}{(t.LastError is null ? "" : " last error: " + t.LastError)}"));
    }

    /// <summary>Asks <paramref name="probe"/> every <paramref name="every"/> (default 100 ms) until it answers non-null; fails after <paramref name="patience"/> saying what was awaited.</summary>
    public static async Task<T> PollAsync<T>(Func<Task<T?>> probe, TimeSpan patience, string what, TimeSpan? every = null) where T : class
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (await probe() is { } found) return found;
            }
            catch (HttpRequestException e) when (e.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable)
            {
                // The API's "try again": a grain call reached a silo that just died, and its grains are moving.
            }
            if (waited.Elapsed > patience) throw new TimeoutException($"{what} did not happen within {patience.TotalSeconds} s");
            await Task.Delay(every ?? TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>The farm's artifact store (Azurite's container), as the silos reach it.</summary>
    public IArtifactStore Artifacts() =>
        ArtifactStoreFactory.Create(ArtifactStoreLocation.Parse($"azure:{new LocalAzurite(new ClusterLayout(Data)).ConnectionString(Ps().Azurite.Port)};container=artifacts"), _blobHttp);

    /// <summary>The decoded frames of a video.</summary>
    public static async Task<List<RgbFrame>> FramesAsync(string path)
    {
        var reader = VideoReader.Open(path);
        var frames = new List<RgbFrame>();
        await foreach (var frame in reader.ReadAsync(0, reader.Info.FrameCount)) frames.Add(frame);
        return frames;
    }

    /// <summary>Writes <paramref name="frames"/> 64×48 frames of a slow pan over fruits.jpg (1.5 and 0.5 px a frame) to a lossless FFV1 .mkv.</summary>
    public static async Task WritePanAsync(string path, int frames)
    {
        var photo = ImageFile.Read(Path.Combine(DataFolder, "fruits.jpg"));
        var pan = SyntheticSequences.Pan(photo, 64, 48, frames, 6, 2, scale: 4);
        await using var writer = new VideoWriter(path, new VideoWriterOptions { Format = OutputFormat.Ffv1, FrameRate = new FrameRate(25) });
        for (var t = 0; t < frames; t++) await writer.WriteAsync(pan.Frame(t));
        await writer.CompleteAsync();
    }
}
