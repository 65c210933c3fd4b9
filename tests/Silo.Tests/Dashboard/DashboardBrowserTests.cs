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
        await page.GotoAsync("/jobs");
        await page.WaitForSelectorAsync("table .badge.succeeded");
        output.WriteLine(await Browser.ShotAsync(page, "jobs"));
        await page.GotoAsync("/");
        await page.WaitForSelectorAsync("text=silos alive");
        output.WriteLine(await Browser.ShotAsync(page, "farm"));
    }
}
