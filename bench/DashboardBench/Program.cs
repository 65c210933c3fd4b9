using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;
using StyleFarm.Bench;
using StyleFarm.Grains.Cluster;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Silos;
using StyleFarm.Silo.Api;
using StyleFarm.Silo.Cluster;
using StyleFarm.Silo.Hosting;
using StyleFarm.Silo.Paths;
using StyleFarm.Silo.Storage.Artifacts;

// The dashboard on an api silo in this process (folder grain state and artifacts) with one job planned as a film of
// --frames frames in shots of 200, segments of 8 and 3 passes, whose tasks a simulated worker commits one every
// --commit-ms (grain calls only: the api silo sees what it sees of a real render). Debian's chromium loads the pages.
var frames = Arg("--frames", 2000);
var commitMs = Arg("--commit-ms", 250);
var loads = Arg("--loads", 5);
var window = TimeSpan.FromSeconds(Arg("--cpu-seconds", 20));
var folder = Directory.CreateTempSubdirectory("stylefarm-dashboard-bench-").FullName;
const string token = "bench-operator-token-0123456789";

var clip = Path.Combine(folder, "clip.mkv");
Process.Start("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=64x48:rate=24", "-frames:v", "12", "-c:v", "ffv1", clip])!.WaitForExit();
var options = new SiloOptions
{
    Roles = SiloRoles.Api,
    Name = "api-silo",
    Store = new GrainStoreLocation(GrainStoreKind.Folder, Path.Combine(folder, "grains")),
    Artifacts = new ArtifactStoreOptions { Folder = Path.Combine(folder, "artifacts") },
    Api = new ApiOptions { Urls = "http://127.0.0.1:0", OperatorToken = new ApiToken(token) },
    Cluster = new FarmClusterOptions { SiloPort = FreePort.Next(), GatewayPort = FreePort.Next(), Membership = MembershipTimings.Tightened },
    Paths = new PathRoots { Input = [folder, "/usr/share/doc/opencv-doc/examples/data"], Output = [folder] },
};
await using var silo = await SiloHost.StartAsync(options, SiloPlugins.None, NullLoggerFactory.Instance, TimeProvider.System, CancellationToken.None);
var http = new HttpClient { BaseAddress = silo.ApiAddress };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
var submitted = await http.PostAsJsonAsync("/api/jobs", new { input = clip, styleImages = new[] { "/usr/share/doc/opencv-doc/examples/data/starry_night.jpg" }, output = Path.Combine(folder, "out.mkv"), preset = "preview", segmentLength = 8, halo = 2, passes = 3 });
if (!submitted.IsSuccessStatusCode) throw new InvalidOperationException($"the bench's job was refused: {await submitted.Content.ReadAsStringAsync()}");
var id = JsonDocument.Parse(await submitted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
var worker = new SimulatedWorker(silo.Grains, silo.Node.Services.GetService(typeof(ILocalSiloDetails)) is ILocalSiloDetails local ? local.SiloAddress.ToParsableString() : "");
var shots = Enumerable.Range(0, (frames + 199) / 200).Select(s => new Shot(s, new FrameRange(s * 200, Math.Min(frames, (s + 1) * 200)))).ToList();
await worker.CommitNextAsync(new JobPlan(640, 360, frames, 24.0, shots, [3, 2, 2]));
var tasks = JsonDocument.Parse(await http.GetStringAsync($"/api/jobs/{id}/tasks")).RootElement.GetArrayLength();
Console.WriteLine($"dashboard bench: api silo in this process; one job of {frames} frames, {shots.Count} shots, segments of 8, 3 passes: {tasks} tasks; a simulated worker commits one task every {commitMs} ms");
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load {File.ReadAllText("/proc/loadavg").Split(' ')[0]} at start");

using var rendering = new CancellationTokenSource();
var committing = Task.Run(async () =>
{
    while (!rendering.IsCancellationRequested)
    {
        await worker.CommitNextAsync(null);
        await Task.Delay(commitMs, rendering.Token).ContinueWith(_ => { });
    }
});

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
{
    ExecutablePath = "/usr/bin/chromium", Headless = true, Args = Environment.UserName == "root" ? ["--no-sandbox"] : [],
});

// 1. Weight and first render of each page (median of --loads fresh loads; the first load includes the script and style).
Console.WriteLine();
Console.WriteLine("| page | bytes, first load (HTML + script + style + images) | bytes, later loads | first contentful paint, median ms |");
Console.WriteLine("| --- | --- | --- | --- |");
foreach (var (name, path) in new[] { ("farm", "/"), ("jobs", "/jobs"), ("job", $"/jobs/{id}") })
{
    var context = await NewContextAsync();
    var page = await context.NewPageAsync();
    var responses = new List<IResponse>();
    // Only collected here: awaiting a body inside Playwright's event would block its dispatcher.
    page.Response += (_, r) => { lock (responses) responses.Add(r); };
    var paints = new List<double>();
    var weights = new List<long>();
    for (var i = 0; i < loads; i++)
    {
        lock (responses) responses.Clear();
        await page.GotoAsync(path, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
        paints.Add(await page.EvaluateAsync<double>("new Promise(r => { const f = () => { const e = performance.getEntriesByName('first-contentful-paint')[0]; e ? r(e.startTime) : setTimeout(f, 20); }; f(); })"));
        await Task.Delay(500); // thumbnails requested after the first draw
        List<IResponse> loaded;
        lock (responses) loaded = responses.ToList();
        long bytes = 0;
        // The live stream's body never ends: it is not page weight.
        foreach (var r in loaded.Where(r => !(r.Headers.GetValueOrDefault("content-type") ?? "").StartsWith("text/event-stream", StringComparison.Ordinal)))
        {
            try { bytes += (await r.BodyAsync()).Length; }
            catch (PlaywrightException) { }
        }
        weights.Add(bytes);
    }
    Console.WriteLine($"| {name} | {weights[0]:N0} | {Median(weights.Skip(1).Select(w => (double)w).ToList()):N0} | {Median(paints):F0} |");
    await context.CloseAsync();
}

// 2. Commit → page: the job page marks when each grid cell's passes change; the task's commit time comes from the API.
{
    var context = await NewContextAsync();
    var page = await context.NewPageAsync();
    await page.GotoAsync($"/jobs/{id}");
    await page.EvaluateAsync("""
        window.__seen = {};
        const record = () => document.querySelectorAll('.grid .cell').forEach(c => { const k = c.dataset.segment + '/' + c.dataset.passes; if (!(k in window.__seen)) window.__seen[k] = Date.now(); });
        record();
        new MutationObserver(record).observe(document.getElementById('main'), { childList: true, subtree: true });
        """);
    var start = DateTimeOffset.UtcNow;
    await Task.Delay(TimeSpan.FromSeconds(15));
    var seen = await page.EvaluateAsync<Dictionary<string, double>>("window.__seen");
    var list = JsonDocument.Parse(await http.GetStringAsync($"/api/jobs/{id}/tasks")).RootElement.EnumerateArray()
        .Where(t => t.GetProperty("kind").GetString() == "Stylize" && t.GetProperty("state").GetString() == "Succeeded")
        .Select(t => (Key: $"{t.GetProperty("shot").GetInt32()}/{t.GetProperty("segment").GetInt32()}/{t.GetProperty("pass").GetInt32()}", At: t.GetProperty("updatedAt").GetDateTimeOffset()))
        .Where(t => t.At > start.AddSeconds(1))
        .ToList();
    var latencies = list.Where(t => seen.ContainsKey(t.Key)).Select(t => seen[t.Key] - t.At.ToUnixTimeMilliseconds()).OrderBy(v => v).ToList();
    Console.WriteLine();
    Console.WriteLine(latencies.Count == 0
        ? "commit → job page: no commit seen (raise --commit-ms or the wait)"
        : $"commit → job page (grid cell redrawn), {latencies.Count} stylize commits: median {Median(latencies):F0} ms, p90 {latencies[(int)(0.9 * (latencies.Count - 1))]:F0} ms, max {latencies[^1]:F0} ms");
    await context.CloseAsync();
}

// 3. CPU of this process (the api silo, the simulated worker's calls, and the browser's share is not in it) over a window with 0, 1 and 5 job pages open.
Console.WriteLine();
Console.WriteLine("| job pages open (live) | CPU of the api silo process, % of one core | over 0 viewers |");
Console.WriteLine("| --- | --- | --- |");
double? baseline = null;
foreach (var viewers in new[] { 0, 1, 5 })
{
    var contexts = new List<IBrowserContext>();
    for (var i = 0; i < viewers; i++)
    {
        var context = await NewContextAsync();
        await (await context.NewPageAsync()).GotoAsync($"/jobs/{id}");
        contexts.Add(context);
    }
    await Task.Delay(2000);
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    await Task.Delay(window);
    var percent = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds / clock.Elapsed.TotalSeconds * 100;
    baseline ??= percent;
    Console.WriteLine($"| {viewers} | {percent:F1} | {percent - baseline.Value:+0.0;-0.0;0.0} |");
    foreach (var context in contexts) await context.CloseAsync();
}

rendering.Cancel();
await committing;
Directory.Delete(folder, recursive: true);
return;

async Task<IBrowserContext> NewContextAsync()
{
    var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = silo.ApiAddress!.ToString() });
    // The operator's bearer header stands in for the sign-in: the bench measures the pages, not the form.
    await context.SetExtraHTTPHeadersAsync([new KeyValuePair<string, string>("Authorization", $"Bearer {token}")]);
    return context;
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

static double Median(IReadOnlyList<double> values)
{
    if (values.Count == 0) return double.NaN;
    var sorted = values.OrderBy(v => v).ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

/// <summary>A worker without executors: takes the next task the dispatcher grants and commits it at once.</summary>
internal sealed class SimulatedWorker(IGrainFactory grains, string address)
{
    private static readonly WorkerCapabilities Cpu = new(0, 0, 64L << 30);

    public async Task CommitNextAsync(JobPlan? plan)
    {
        var grant = await TaskOwners.Dispatcher(grains).RequestWorkAsync(new WorkRequest { Silo = "render-silo", SiloAddress = address, Capabilities = Cpu, CachedSegments = [] });
        if (grant is null) return;
        await TaskOwners.Of(grains, grant.Task.Id).FinishAsync(new AttemptResult { Task = grant.Task.Id, Token = grant.Token, Plan = plan });
    }
}
