using Microsoft.Playwright;

namespace StyleFarm.Silo.Tests.Dashboard;

/// <summary>
/// Debian's Chromium driven by Playwright (never a downloaded browser), headless, and where its screenshots go:
/// <c>screenshots/</c> beside the test assembly.
/// </summary>
public sealed class Browser : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;

    private Browser(IPlaywright playwright, IBrowser chromium)
    {
        _playwright = playwright;
        Chromium_ = chromium;
    }

    private IBrowser Chromium_ { get; }

    public static string Screenshots { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    public static async Task<Browser> LaunchAsync()
    {
        if (!File.Exists(Chromium)) throw new InvalidOperationException($"{Chromium} is missing: run infra/setup.sh --for-tests (it installs Debian's chromium)");
        var playwright = await Playwright.CreateAsync();
        // Chromium refuses its sandbox as root (CI runs as root); the pages under test are our own.
        var args = Environment.UserName == "root" ? new[] { "--no-sandbox" } : [];
        var chromium = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true, Args = args });
        return new Browser(playwright, chromium);
    }

    /// <summary>A fresh browser profile (no cookies) with its base address.</summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress)
    {
        var context = await Chromium_.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1280, Height = 1000 } });
        return await context.NewPageAsync();
    }

    public static async Task<string> ShotAsync(IPage page, string name)
    {
        var path = Path.Combine(Screenshots, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await Chromium_.CloseAsync();
        _playwright.Dispose();
    }
}
