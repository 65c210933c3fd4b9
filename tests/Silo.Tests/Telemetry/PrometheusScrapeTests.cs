using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Telemetry;
using StyleFarm.Silo.Api;
using StyleFarm.Silo.Hosting;
using StyleFarm.Silo.Telemetry;
using StyleFarm.Silo.Tests.Api;
using StyleFarm.Silo.Tests.Artifacts;
using StyleFarm.Silo.Tests.Execution;
using StyleFarm.Silo.Worker;

namespace StyleFarm.Silo.Tests.Telemetry;

/// <summary>
/// Issue 12, part 3: `stylefarm silo --prometheus` serves GET /metrics on the API's port without a token; a scrape after
/// a job the silo's own worker rendered shows the farm's figures and Orleans', and nothing that names a file, a job or
/// the token. A silo told nothing registers no exporter.
/// </summary>
public sealed partial class PrometheusScrapeTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task AScrapeAfterAJobShowsItsFramesTheQueueTheCacheAndOrleansMetricsButNoPathIdOrToken()
    {
        var input = await ExecutionMedia.PanAsync(Path.Combine(_folder.Path, "pan.mkv"), 6);
        var cache = Path.Combine(_folder.Path, "flow");
        var options = TestSilo.Options(SiloRoles.Api | SiloRoles.Coordinator | SiloRoles.Worker, _folder.Path) with
        {
            CacheFolder = cache,
            ModelsFolder = Path.Combine(_folder.Path, "models"),
            Paths = new StyleFarm.Silo.Paths.PathRoots { Input = [_folder.Path, ExecutionMedia.DataFolder], Output = [_folder.Path] },
            Telemetry = new TelemetryOptions { Prometheus = true },
        };
        await using var silo = await TestSilo.StartAsync(options.Roles, options, new SiloPlugins(new WorkerRoleFactory(), null));

        // 6 frames in 2 segments, one pass: 6 frames stylized.
        var (status, submitted, error) = await ApiJson.SubmitAsync(silo.Http, new SubmitJobRequest
        {
            Input = input,
            StyleImages = [ExecutionMedia.StyleImage],
            Preset = "preview",
            Parameters = new Dictionary<string, string> { ["iterations"] = "2" },
            Output = Path.Combine(_folder.Path, "out.mkv"),
            SegmentLength = 3,
            Halo = 1,
            Passes = 1,
        });
        Assert.True(status == HttpStatusCode.Created, error);
        var job = await FinishedAsync(silo.Http, submitted!.Id);
        Assert.True(job.State == JobState.Succeeded, $"{job.State}: {job.Error}");

        // Another silo's meter in this process (tests, benches): this silo's scrape must not show it.
        using var elsewhere = new ServiceCollection().AddMetrics().BuildServiceProvider();
        new StyleFarmMetrics(elsewhere.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()).FrameStylized(StylizationMethod.Network, 1, 1, TimeSpan.FromSeconds(1));
        // An Orleans instrument tagged with a peer silo's address, as some of Orleans' messaging instruments are (CI saw one).
        using var orleans = new System.Diagnostics.Metrics.Meter(FarmTelemetry.OrleansMeter);
        orleans.CreateCounter<long>("orleans-test-sent-to-silo").Add(1, new KeyValuePair<string, object?>("Destination", "S127.0.0.1:11111:1"), new KeyValuePair<string, object?>("Direction", "Out"));

        // The worker records the encode task and tidies its cache just after the job reads Succeeded: scrape until it has.
        using var scraper = new HttpClient { BaseAddress = silo.Host.ApiAddress };
        var deadline = Stopwatch.StartNew();
        string text;
        List<Sample> samples;
        long onDisk;
        while (true)
        {
            using var response = await scraper.GetAsync("/metrics");
            text = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
            samples = Samples(text);
            onDisk = Directory.EnumerateFiles(cache, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
            var settled = samples.Any(s => s.Name == "stylefarm_task_duration_seconds_count" && s.Labels.GetValueOrDefault("kind") == "encode")
                && samples.Any(s => s.Name == "stylefarm_flow_cache_bytes" && s.Value == onDisk);
            if (settled || deadline.Elapsed > TimeSpan.FromSeconds(10)) break;
            await Task.Delay(200);
        }
        foreach (var line in text.Split('\n').Where(l => l.StartsWith("stylefarm_", StringComparison.Ordinal) || l.StartsWith("# TYPE stylefarm_", StringComparison.Ordinal))) output.WriteLine(line);
        output.WriteLine($"{samples.Count(s => s.Name.StartsWith("orleans_", StringComparison.Ordinal))} Orleans samples, e.g. {string.Join(", ", samples.Where(s => s.Name.StartsWith("orleans_", StringComparison.Ordinal)).Select(s => s.Name).Distinct().Take(8))}");
        Assert.Equal(6, Single(samples, "stylefarm_frames_stylized_total", ("method", "optimization"), ("size", "64x48")));
        Assert.DoesNotContain(samples, s => s.Labels.GetValueOrDefault("size") == "1x1");
        Assert.Equal(6, Single(samples, "stylefarm_frame_duration_seconds_count", ("method", "optimization"), ("size", "64x48")));
        Assert.Equal(2, Single(samples, "stylefarm_task_duration_seconds_count", ("kind", "stylize"), ("outcome", "committed")));
        Assert.Equal(0, Single(samples, "stylefarm_queue_depth"));
        Assert.Equal(1, Single(samples, "stylefarm_task_duration_seconds_count", ("kind", "encode"), ("outcome", "committed")));
        Assert.Equal(onDisk, Single(samples, "stylefarm_flow_cache_bytes"));
        Assert.True(Single(samples, "stylefarm_artifact_bytes_total", ("direction", "write")) > 0, text);
        Assert.Contains(samples, s => s.Name.StartsWith("orleans_", StringComparison.Ordinal));
        // Counted with its Direction, without its Destination.
        Assert.Equal(1, Single(samples, "orleans_test_sent_to_silo_total", ("Direction", "Out")));
        // Aggregate numbers only: no file, no job id, no silo address, no token.
        Assert.DoesNotContain(_folder.Path, text);
        Assert.DoesNotContain("127.0.0.1", text);
        Assert.DoesNotContain(submitted.Id, text);
        Assert.DoesNotContain(TestSilo.Token, text);
    }

    [Fact]
    public async Task ASiloToldNothingRegistersNoExporterAndServesNoMetrics()
    {
        await using var silo = await TestSilo.StartAsync(SiloRoles.Api | SiloRoles.Coordinator);

        Assert.Null(silo.Host.Node.Services.GetService<MeterProvider>());
        Assert.Null(silo.Host.Node.Services.GetService<TracerProvider>());
        using var response = await silo.Http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    public void Dispose() => _folder.Dispose();

    private static async Task<JobView> FinishedAsync(HttpClient http, string id)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var job = await ApiJson.GetJobAsync(http, id);
            if (!JobStateMachine.Active.Contains(job.State) || deadline.Elapsed > TimeSpan.FromMinutes(3)) return job;
            await Task.Delay(100);
        }
    }

    /// <summary>One sample line of the text format: <c>name{label="value",…} number [timestamp]</c>.</summary>
    private sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})?\s+(?<value>\S+)""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""(?<key>[a-zA-Z_][a-zA-Z0-9_]*)="(?<value>[^"]*)"[,]?""")]
    private static partial Regex Label();

    private static List<Sample> Samples(string text) =>
        text.Split('\n').Where(l => l.Length > 0 && l[0] != '#').Select(l => SampleLine().Match(l)).Where(m => m.Success)
            .Select(m => new Sample(m.Groups["name"].Value,
                Label().Matches(m.Groups["labels"].Value).ToDictionary(l => l.Groups["key"].Value, l => l.Groups["value"].Value),
                double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture)))
            .ToList();

    private static double Single(List<Sample> samples, string name, params (string Key, string Value)[] labels) =>
        Assert.Single(samples, s => s.Name == name && labels.All(l => s.Labels.GetValueOrDefault(l.Key) == l.Value)).Value;
}
