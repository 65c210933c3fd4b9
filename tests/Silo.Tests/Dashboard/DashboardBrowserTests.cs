using System.Net;
using Microsoft.Playwright;
using StyleFarm.Silo.Api;
using StyleFarm.Silo.Execution;
using StyleFarm.Silo.Hosting;
using StyleFarm.Silo.Tests.Api;
using StyleFarm.Silo.Tests.Artifacts;
using StyleFarm.Silo.Worker;
using Xunit.Abstractions;

namespace StyleFarm.Silo.Tests.Dashboard;

/// <summary>
/// The dashboard in a real browser (Debian's Chromium through Playwright) against a real silo that renders: API,
/// coordinator and worker roles in one silo on loopback, its worker running the real executors on a 12-frame 64×48
/// clip. Signs in through the form as a user would; screenshots of each page go to <c>screenshots/</c>.
/// </summary>
public sealed class DashboardBrowserTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly TempFolder _folder = new();
    private TestSilo _silo = null!;
    private Browser _browser = null!;

    public async Task InitializeAsync()
    {
        var options = TestSilo.Options(SiloRoles.Api | SiloRoles.Worker, _folder.Path) with
        {
            CacheFolder = Path.Combine(_folder.Path, "flow"),
            ModelsFolder = Path.Combine(_folder.Path, "models"),
        };
        _silo = await TestSilo.StartAsync(SiloRoles.Api | SiloRoles.Worker, options, new SiloPlugins(new WorkerRoleFactory(), store => new ArtifactJobMetrics(store)));
        _browser = await Browser.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _silo.DisposeAsync();
        _folder.Dispose();
    }

    private Uri Address => _silo.Host.ApiAddress!;

    // Two passes over three segments; iterations set how long it runs.
    private async Task<string> SubmitAsync(int iterations)
    {
        var (status, job, error) = await ApiJson.SubmitAsync(_silo.Http, ApiJson.Spec() with
        {
            SegmentLength = 4, Halo = 1, Passes = 2, Output = Path.Combine(ApiJson.Outputs, $"browser-{Guid.NewGuid():N}.mkv"),
            Parameters = new Dictionary<string, string> { ["iterations"] = iterations.ToString(System.Globalization.CultureInfo.InvariantCulture), ["tolerance"] = "0" },
        });
        Assert.True(status == HttpStatusCode.Created, error);
        return job!.Id;
    }

    private async Task<IPage> SignInAsync(string token, string path)
    {
        var page = await _browser.NewPageAsync(Address);
        await page.GotoAsync(path);
        Assert.StartsWith(new Uri(Address, "/signin").ToString(), page.Url);
        await page.FillAsync("#token", token);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(new Uri(Address, path).ToString());
        return page;
    }

    private async Task<string> StateAsync(string id) => (await ApiJson.GetJobAsync(_silo.Http, id)).State.ToString();

    [Fact]
    public async Task ABrowserSignsInOnceWithTheFormAndSeesTheFarmAndAWrongTokenIsRefused()
    {
        var wrong = await _browser.NewPageAsync(Address);
        await wrong.GotoAsync("/");
        await wrong.FillAsync("#token", "not-the-token-at-all-000");
        await wrong.ClickAsync("button[type=submit]");
        Assert.Contains("not valid", await wrong.InnerTextAsync("body"));
        output.WriteLine(await Browser.ShotAsync(wrong, "signin-refused"));

        var page = await SignInAsync(TestSilo.ViewerToken, "/");

        await page.WaitForSelectorAsync("text=silos alive");
        Assert.Equal("Farm", await page.InnerTextAsync("h1"));
        Assert.Contains("test-silo", await page.InnerTextAsync("table"));
        Assert.Equal("viewer", await page.InnerTextAsync(".who"));
        var cookies = await page.Context.CookiesAsync();
        Assert.All(cookies, c => Assert.DoesNotContain(TestSilo.ViewerToken, c.Value));
        Assert.Contains(cookies, c => c.HttpOnly && c.SameSite == SameSiteAttribute.Strict);
        await page.ClickAsync("nav >> text=Jobs");
        await page.WaitForSelectorAsync("#state-filter");
        output.WriteLine(await Browser.ShotAsync(page, "jobs-empty"));
    }

    [Fact]
    public async Task TheOrleansDashboardOpensBehindTheSameSignInAndDrawsFromItsOwnRoutes()
    {
        var page = await SignInAsync(TestSilo.ViewerToken, "/orleans/");

        // Its script draws from its own JSON routes, which the session cookie opens too: the farm's dispatcher shows among
        // the most called grains once the dashboard's profiler (on while a page is read) has counted the worker's asks.
        await page.WaitForSelectorAsync("text=DispatcherGrain", new PageWaitForSelectorOptions { Timeout = (float)Patience.TotalMilliseconds });
        Assert.Contains("ACTIVE SILOS", (await page.InnerTextAsync("body")).ToUpperInvariant());
        output.WriteLine(await Browser.ShotAsync(page, "orleans"));
    }

    [Fact]
    public async Task AViewerWhoPressesCancelIsShownTheFarmsRefusalAndTheJobGoesOn()
    {
        var id = await SubmitAsync(iterations: 40);
        var page = await SignInAsync(TestSilo.ViewerToken, $"/jobs/{id}");

        await page.ClickAsync("button[data-action=cancel]");
        var message = await page.WaitForSelectorAsync("#action-message.error");

        Assert.Contains("403", await message!.InnerTextAsync());
        Assert.Contains("operator", await message.InnerTextAsync());
        Assert.NotEqual("Cancelled", await StateAsync(id));
        output.WriteLine(await Browser.ShotAsync(page, "job-viewer-refused"));
    }

    [Fact]
    public async Task AnOperatorCancelsAndResumesARunningJobFromItsPage()
    {
        var id = await SubmitAsync(iterations: 40);
        var page = await SignInAsync(TestSilo.Token, $"/jobs/{id}");
        await page.WaitForSelectorAsync("h1 .badge.running", new PageWaitForSelectorOptions { Timeout = (float)Patience.TotalMilliseconds });

        await page.ClickAsync("button[data-action=cancel]");
        await page.WaitForSelectorAsync("h1 .badge.cancelled", new PageWaitForSelectorOptions { Timeout = 10_000 });
        Assert.Equal("Cancelled", await StateAsync(id));
        output.WriteLine(await Browser.ShotAsync(page, "job-cancelled"));

        await page.ClickAsync("button[data-action=resume]");
        await page.WaitForSelectorAsync("h1 .badge:not(.cancelled)", new PageWaitForSelectorOptions { Timeout = 10_000 });
        Assert.Contains(await StateAsync(id), new[] { "Planning", "Running", "Succeeded" });
        output.WriteLine(await Browser.ShotAsync(page, "job-resumed"));
    }

    [Fact]
    public async Task TheJobPageFollowsARenderLiveItsGridThumbnailsAndProgressChangeWithoutAReload()
    {
        var id = await SubmitAsync(iterations: 4);
        var page = await SignInAsync(TestSilo.Token, $"/jobs/{id}");
        // A reload would lose this mark.
        await page.EvaluateAsync("window.__sameDocument = true");
        var wait = new PageWaitForSelectorOptions { Timeout = (float)Patience.TotalMilliseconds };

        await page.WaitForSelectorAsync(".grid .cell", wait);
        // A stylized frame's thumbnail shown and loaded (the page keeps the element across redraws).
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll(\".running img[src*='/frames/']\")].some(i => i.complete && i.naturalWidth > 0)",
            null, new PageWaitForFunctionOptions { Timeout = (float)Patience.TotalMilliseconds });
        output.WriteLine(await Browser.ShotAsync(page, "job-running"));
        await page.WaitForSelectorAsync(".grid .cell[data-passes='1']", wait);
        await page.WaitForSelectorAsync("h1 .badge.succeeded", wait);
        await page.WaitForSelectorAsync("svg polyline.line", wait);

        Assert.True(await page.EvaluateAsync<bool>("window.__sameDocument === true"));
        Assert.Equal(3, await page.Locator(".grid .cell[data-passes='2']").CountAsync());
        Assert.Contains("12 / 12", await page.InnerTextAsync(".stats"));
        output.WriteLine(await Browser.ShotAsync(page, "job-succeeded"));
        // Seconds later, a finished job's timeline still ends at its last task: the latest bar reaches the axis' right end.
        await Task.Delay(TimeSpan.FromSeconds(3));
        await page.ReloadAsync();
        await page.WaitForSelectorAsync("svg.timeline rect", wait);
        var rightmost = await page.EvaluateAsync<double>("() => Math.max(...[...document.querySelectorAll('svg.timeline rect')].map(r => +r.getAttribute('x') + +r.getAttribute('width')))");
        Assert.InRange(rightmost, 998, 1000.5);
        Assert.DoesNotContain("now", await page.TextContentAsync("svg.timeline"));
        await page.GotoAsync("/jobs");
        await page.WaitForSelectorAsync("table .badge.succeeded");
        output.WriteLine(await Browser.ShotAsync(page, "jobs"));
        await page.GotoAsync("/");
        await page.WaitForSelectorAsync("text=silos alive");
        output.WriteLine(await Browser.ShotAsync(page, "farm"));
    }

    [Fact]
    public async Task ATrainingJobsPageDrawsItsLossCurveOnALogScale_EveryPointWhereTheStatusPutsIt()
    {
        var photos = Directory.CreateDirectory(Path.Combine(_folder.Path, "photos")).FullName;
        foreach (var photo in new[] { "fruits.jpg", "baboon.jpg" }) File.Copy(Path.Combine("/usr/share/doc/opencv-doc/examples/data", photo), Path.Combine(photos, photo));
        // A tiny network on 48-px two-frame samples: 24 iterations, a checkpoint (a curve point) every 4.
        var training = new Kernels.Network.Training.TrainingOptions
        {
            Iterations = 24, ImageSize = 48, BatchSize = 1, LearningRate = 3e-3, MultiFrame = false, SyntheticMaxShift = 6, SyntheticMaxZoomOut = 6,
            Architecture = new Kernels.Network.NetworkArchitecture { Channels = 8, ResidualBlocks = 1 },
        };
        var (status, job, error) = await ApiJson.SubmitAsync(_silo.Http, ApiJson.Spec(preset: "train", input: photos) with
        {
            Output = "tiny.safetensors",
            RequireGpu = false,
            Training = new Grains.Jobs.TrainingJob { DataFolders = [photos], Options = TrainingJobOptions.ToJson(training), CheckpointEvery = 4 },
        });
        Assert.True(status == HttpStatusCode.Created, error);
        var page = await SignInAsync(TestSilo.Token, $"/jobs/{job!.Id}");
        var ended = await ApiJson.GetJobAsync(_silo.Http, job.Id);
        for (var clock = System.Diagnostics.Stopwatch.StartNew(); Grains.Jobs.JobStateMachine.Active.Contains(ended.State) && clock.Elapsed < 3 * Patience; ended = await ApiJson.GetJobAsync(_silo.Http, job.Id))
            await Task.Delay(500);
        Assert.True(ended.State == Grains.Jobs.JobState.Succeeded, $"{ended.State}: {ended.Error}; training {ended.Training}");
        await page.WaitForSelectorAsync("h1 .badge.succeeded", new PageWaitForSelectorOptions { Timeout = (float)Patience.TotalMilliseconds });
        var curve = (await ApiJson.GetJobAsync(_silo.Http, job.Id)).Training!.Curve;
        // The page redraws from its live stream: wait until it shows the status's last point.
        await page.WaitForFunctionAsync($"() => document.querySelector(\"svg[aria-label='training loss per iteration'] polyline\")?.getAttribute('points').split(' ').length === {curve.Count}",
            null, new PageWaitForFunctionOptions { Timeout = (float)Patience.TotalMilliseconds });

        var shot = Path.Combine(Path.GetTempPath(), "stylefarm-dashboard-training.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
        output.WriteLine(shot);
        var drawn = (await page.GetAttributeAsync("svg[aria-label='training loss per iteration'] polyline", "points"))!.Split(' ')
            .Select(p => p.Split(',').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray()).ToList();
        // The chart's frame (dashboard.js lossChart): the plot from x 80 to 990 and y 14 to 140; log10 of the loss on y.
        var logs = curve.Select(p => Math.Log10(p.Total)).ToList();
        var (lo, hi) = (logs.Min(), logs.Max());
        var (first, last) = (curve[0].Iteration, curve[^1].Iteration);
        Assert.True(curve.Count >= 3, $"{curve.Count} curve points");
        Assert.True(hi > lo, "a flat curve tests no scale");
        for (var k = 0; k < curve.Count; k++)
        {
            Assert.Equal(80 + (curve[k].Iteration - first) / (double)(last - first) * 910, drawn[k][0], 3);
            Assert.Equal(140 - (logs[k] - lo) / (hi - lo) * 126, drawn[k][1], 3);
        }
        // Drawn on the page, not only in the markup: the line spans the chart's width and its loss range's height.
        var box = (await page.Locator("svg[aria-label='training loss per iteration'] polyline").BoundingBoxAsync())!;
        var frame = (await page.Locator("svg[aria-label='training loss per iteration']").BoundingBoxAsync())!;
        Assert.True(box.Width > 0.9 * frame.Width && box.Height > 0.5 * frame.Height, $"line {box.Width}×{box.Height} in a chart {frame.Width}×{frame.Height}");
        Assert.Contains("loss, log scale", await page.TextContentAsync("svg[aria-label='training loss per iteration']"));
        // The figures of a training job, not a render's frames.
        Assert.Contains($"{ended.Training!.Iterations} / {ended.Training.Iterations}", await page.InnerTextAsync(".stats"));
        // The rate the train task measured from its first iteration (dashboard.js number(rate, 2)), not one counted from its start.
        Assert.NotNull(ended.Training.IterationsPerSecond);
        var shown = await page.EvaluateAsync<string>("() => [...document.querySelectorAll('.stats .stat')].find(s => s.querySelector('.label').textContent === 'iterations/s').querySelector('.value').textContent");
        Assert.Equal(ended.Training.IterationsPerSecond!.Value.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), shown);
    }
}
