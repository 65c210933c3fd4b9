using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using StyleFarm.Silo.Api;
using StyleFarm.Silo.Api.Access;

namespace StyleFarm.Silo.Tests.Api;

/// <summary>
/// Pages behind the sign-in, as the dashboard maps them (a group with <c>RequireViewer</c>, an operator's form with
/// <c>RequireOperator</c>), on real Kestrel with the API's access set-up: no sign-in redirects to the form with a local
/// return address, a signed-in page knows the role and its CSRF token.
/// </summary>
public sealed class AccessPageTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private WebApplication _app = null!;

    private Uri Address => new(_app.Urls.First());

    public async Task InitializeAsync()
    {
        var options = new ApiOptions { Urls = "http://127.0.0.1:0", OperatorToken = new ApiToken(TestSilo.Token), ViewerToken = new ApiToken(TestSilo.ViewerToken) };
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(options.Urls);
        builder.Services.AddAccess(options, _clock);
        _app = builder.Build();
        _app.UseAccess();
        new SignInEndpoints(_app.Services.GetRequiredService<AccessTokens>(), _app.Services.GetRequiredService<SignInThrottle>(),
            _app.Services.GetRequiredService<IAntiforgery>(), NullLogger.Instance).Map(_app);
        var pages = _app.MapGroup("/farm").RequireViewer();
        pages.MapGet("/jobs", (HttpContext context) => $"operator={AccessPolicies.IsOperator(context)} csrf={CsrfToken.For(context)}");
        pages.MapPost("/jobs/act", () => "done").RequireOperator("acting on jobs");
        await _app.StartAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task APageWithoutASignInRedirectsToTheFormWithItsAddress()
    {
        using var browser = new TestBrowser(Address);
        using var page = await browser.Http.GetAsync("/farm/jobs?state=Running");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/signin?returnUrl=%2Ffarm%2Fjobs%3Fstate%3DRunning", page.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task ASignedInPageKnowsTheRoleAndGetsACsrfTokenThatItsPostsNeed()
    {
        using var viewer = new TestBrowser(Address);
        using (await viewer.SignInAsync(TestSilo.ViewerToken, "/farm/jobs")) { }
        using var operatorBrowser = new TestBrowser(Address);
        using (var signIn = await operatorBrowser.SignInAsync(TestSilo.Token, "/farm/jobs"))
            Assert.Equal("/farm/jobs", signIn.Headers.Location!.OriginalString);

        Assert.StartsWith("operator=False csrf=", await viewer.Http.GetStringAsync("/farm/jobs"));
        var page = await operatorBrowser.Http.GetStringAsync("/farm/jobs");
        Assert.StartsWith("operator=True csrf=", page);
        var csrf = page["operator=True csrf=".Length..];

        using (var without = await operatorBrowser.PostAsync("/farm/jobs/act", csrf: null)) Assert.Equal(HttpStatusCode.BadRequest, without.StatusCode);
        using (var with = await operatorBrowser.PostAsync("/farm/jobs/act", csrf)) Assert.Equal("done", await with.Content.ReadAsStringAsync());
        using var forbidden = await viewer.PostAsync("/farm/jobs/act", await viewer.CsrfTokenAsync());
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Contains("acting on jobs needs the operator token", await ApiJson.ErrorOf(forbidden));
    }

    [Fact]
    public async Task ASignInLastsTwelveHoursIdleAndEachVisitPastHalfOfThemRenewsIt()
    {
        using var browser = new TestBrowser(Address);
        using (await browser.SignInAsync(TestSilo.ViewerToken)) { }

        // 7 h: more than half gone, so the visit renews the sign-in for another 12 h...
        _clock.Advance(TimeSpan.FromHours(7));
        using (var renewed = await browser.Http.GetAsync("/farm/jobs")) Assert.Equal(HttpStatusCode.OK, renewed.StatusCode);
        // ...so at 18 h, past the first 12, it still holds (and renews again, until 30 h)...
        _clock.Advance(TimeSpan.FromHours(11));
        using (var still = await browser.Http.GetAsync("/farm/jobs")) Assert.Equal(HttpStatusCode.OK, still.StatusCode);
        // ...and after 13 h without a visit it is over.
        _clock.Advance(TimeSpan.FromHours(13));
        using var expired = await browser.Http.GetAsync("/farm/jobs");

        Assert.Equal(HttpStatusCode.Redirect, expired.StatusCode);
        Assert.StartsWith("/signin?returnUrl=", expired.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("/farm/jobs", true)]
    [InlineData("/", true)]
    [InlineData("/a/b?c=d#e", true)]
    [InlineData("//evil.example", false)]
    [InlineData("/\\evil.example", false)]
    [InlineData("http://evil.example/", false)]
    [InlineData("evil.example", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("/a\r\nLocation: http://evil.example", false)]
    public void OnlyPathsOnThisSiteAreLocal(string? url, bool local) => Assert.Equal(local, LocalUrl.IsLocal(url));
}
