using System.Diagnostics;
using System.Net;
using System.Text.Json;
using StyleFarm.Grains.Artifacts;
using StyleFarm.Grains.Cluster;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tasks;
using StyleFarm.Grains.Tests.Support;
using StyleFarm.Kernels.Imaging;
using StyleFarm.Silo.Execution;
using StyleFarm.Silo.Hosting;
using StyleFarm.Silo.Storage.Artifacts;
using StyleFarm.Silo.Tests.Api;
using StyleFarm.Silo.Tests.Cluster;
using Xunit.Abstractions;

namespace StyleFarm.Silo.Tests.Dashboard;

/// <summary>
/// The dashboard on a real silo (API role, Kestrel on loopback): a job submitted through the API whose tasks a test
/// worker takes and commits, the job page's data and live stream following them, the thumbnails of a running segment
/// whose frames the test commits to the silo's artifact store as a stylize task would.
/// </summary>
public sealed class DashboardPagesTests(ITestOutputHelper output) : IAsyncLifetime
{
    private TestSilo _silo = null!;

    private HttpClient Http => _silo.Http;

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync(SiloRoles.Api);

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    private readonly Queue<WorkGrant> _held = new();

    // Submitted and planned (the sample plan: segments 0/0, 0/1, 1/0; two passes), its three flow tasks committed. A
    // segment's first pass is ready once its own flow is, so stylize grants taken on the way are kept for NextStylizeAsync.
    private async Task<(string Id, TestWorker Worker)> PlannedJobAsync()
    {
        var (status, job, error) = await ApiJson.SubmitAsync(Http, ApiJson.Spec() with { SegmentLength = 4, Halo = 1, Passes = 2 });
        Assert.True(status == HttpStatusCode.Created, error);
        var worker = _silo.Worker("silo-b");
        Assert.True(await worker.CommitAsync(await worker.TakeAsync(), Samples.Plan()));
        for (var flows = 0; flows < 3;)
        {
            var grant = await worker.TakeAsync();
            if (grant.Task.Id.Kind == TaskKind.Stylize) { _held.Enqueue(grant); continue; }
            Assert.Equal(TaskKind.Flow, grant.Task.Id.Kind);
            Assert.True(await worker.CommitAsync(grant));
            flows++;
        }
        return (job!.Id, worker);
    }

    private async Task<WorkGrant> NextStylizeAsync(TestWorker worker) => _held.TryDequeue(out var held) ? held : await worker.TakeAsync();

    private async Task<JsonElement> DataAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static int PassesDone(JsonElement page, int shot, int segment) =>
        page.GetProperty("grid")[shot].GetProperty("segments")[segment].GetProperty("passesDone").GetInt32();

    [Fact]
    public async Task TheJobPageShowsEachSegmentsPassesAndItsLiveStreamPushesACommitWithoutReload()
    {
        var (id, worker) = await PlannedJobAsync();
        await using var live = await EventStream.OpenAsync(Http, $"/dashboard/live/jobs/{id}");
        Assert.Equal("text/event-stream", live.ContentType);
        var first = await live.UntilAsync(_ => true, TimeSpan.FromSeconds(10));
        Assert.Equal([0, 0, 0], new[] { PassesDone(first, 0, 0), PassesDone(first, 0, 1), PassesDone(first, 1, 0) });

        var grant = await NextStylizeAsync(worker);
        var (shot, segment) = (grant.Task.Id.Shot, grant.Task.Id.Segment);
        var running = await live.UntilAsync(p => p.GetProperty("grid")[shot].GetProperty("segments")[segment].GetProperty("passRunning").ValueKind == JsonValueKind.Number,
            TimeSpan.FromSeconds(10));
        Assert.Equal(1, running.GetProperty("grid")[shot].GetProperty("segments")[segment].GetProperty("passRunning").GetInt32());
        var clock = Stopwatch.StartNew();
        Assert.True(await worker.CommitAsync(grant));
        var after = await live.UntilAsync(p => PassesDone(p, shot, segment) == 1, TimeSpan.FromSeconds(10));
        output.WriteLine($"commit → live update: {clock.ElapsedMilliseconds} ms");

        Assert.Equal(JsonValueKind.Null, after.GetProperty("grid")[shot].GetProperty("segments")[segment].GetProperty("passRunning").ValueKind);
        var rates = after.GetProperty("rates");
        Assert.True(rates.GetProperty("frameWorkDone").GetInt32() > 0);
        Assert.Equal("silo-b", after.GetProperty("timeline")[0].GetProperty("silo").GetString());
    }

    [Fact]
    public async Task ARunningSegmentShowsItsNewestCommittedFrameBesideTheInputFrameAsThumbnailsOfAFewKilobytes()
    {
        var (id, worker) = await PlannedJobAsync();
        var grant = await NextStylizeAsync(worker);
        while (_held.TryDequeue(out var other)) Assert.True(await worker.CommitAsync(other));
        var segment = grant.Task.Spec.Segment!;
        var store = new FolderArtifactStore(_silo.Host.Options.Artifacts.Folder!);
        var frames = Enumerable.Range(segment.Halo.Start, 2).ToList();
        foreach (var frame in frames)
            await store.PutAsync(ArtifactKey.Frame(JobId.Parse(id), segment, 1, frame), Png16.Encode(Gradient(64, 32, frame)));

        var page = await DataAsync($"/dashboard/data/jobs/{id}");
        await Task.Delay(600); // past the shared read's interval, so the next read sees the frames
        page = await DataAsync($"/dashboard/data/jobs/{id}");
        var running = Assert.Single(page.GetProperty("running").EnumerateArray());

        Assert.Equal((grant.Task.Id.Key, 2, segment.Halo.End - segment.Halo.Start, frames[^1]),
            (running.GetProperty("key").GetString(), running.GetProperty("framesDone").GetInt32(), running.GetProperty("framesTotal").GetInt32(),
             running.GetProperty("latestFrame").GetInt32()));
        foreach (var url in new[] { running.GetProperty("stylizedThumb").GetString()!, running.GetProperty("inputThumb").GetString()! })
        {
            using var response = await Http.GetAsync(url);
            var jpeg = await response.Content.ReadAsByteArrayAsync();
            output.WriteLine($"{url}: {jpeg.Length} bytes");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal([0xFF, 0xD8], jpeg[..2]);
            Assert.InRange(jpeg.Length, 200, 8 * 1024);
        }
        using var missing = await Http.GetAsync($"/dashboard/jobs/{id}/frames/0/0/1/999.jpg");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task TheFarmPageListsTheSiloTheQueueAndTheFramesStylizedThisMinute()
    {
        var (id, worker) = await PlannedJobAsync();
        var grant = await NextStylizeAsync(worker);
        Assert.True(await worker.CommitAsync(grant));
        await Task.Delay(600);

        var farm = await DataAsync("/dashboard/data/farm");
        var tasks = await DataAsync($"/api/jobs/{id}/tasks");

        var silo = Assert.Single(farm.GetProperty("silos").EnumerateArray());
        Assert.Equal(("test-silo", true), (silo.GetProperty("name").GetString(), silo.GetProperty("alive").GetBoolean()));
        var bars = farm.GetProperty("framesPerMinute").EnumerateArray().Select(b => b.GetInt32()).ToList();
        Assert.Equal(60, bars.Count);
        Assert.Equal(grant.Task.Spec.Segment!.Halo.End - grant.Task.Spec.Segment.Halo.Start, bars[^1] + bars[^2]);
        // The pass-1 tasks nobody took wait for a worker; those held by the test run.
        Assert.Equal(tasks.EnumerateArray().Count(t => t.GetProperty("state").GetString() == "Ready"), farm.GetProperty("queueWaiting").GetInt32());
        Assert.Equal(_held.Count, farm.GetProperty("queueRunning").GetInt32());
    }

    [Fact]
    public async Task APageCarriesItsDataAStrictContentSecurityPolicyAndItsScript()
    {
        var (id, _) = await PlannedJobAsync();

        using var page = await Http.GetAsync($"/jobs/{id}");
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("<script type=\"application/json\" id=\"data\">", html);
        Assert.Contains(id, html);
        Assert.DoesNotContain("<script>", html);
        var script = System.Text.RegularExpressions.Regex.Match(html, "src=\"(/dashboard/assets/dashboard.js\\?v=[0-9a-f]+)\"").Groups[1].Value;
        using var js = await Http.GetAsync(script);
        Assert.Equal(("text/javascript", true), (js.Content.Headers.ContentType?.MediaType, (await js.Content.ReadAsStringAsync()).Contains("EventSource")));
        using var jobs = await Http.GetAsync("/jobs");
        Assert.Contains(id, await jobs.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnUnknownJobIsNotFoundAndAMalformedIdIsABadRequest()
    {
        using var unknown = await Http.GetAsync($"/jobs/{new string('0', 31)}1");
        using var malformed = await Http.GetAsync("/dashboard/data/jobs/not-a-job");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Contains("is not a job id", await ApiJson.ErrorOf(malformed));
    }

    private static RgbFloatFrame Gradient(int width, int height, int seed)
    {
        var pixels = new float[width * height * 3];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                for (var c = 0; c < 3; c++)
                    pixels[(y * width + x) * 3 + c] = ((x * (c + 1) + y * 3 + seed * 7) % 64) / 63f;
        return new RgbFloatFrame(width, height, pixels);
    }
}
