using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using StyleFarm.Grains.Jobs;
using StyleFarm.Silo.Api.Access;
using StyleFarm.Silo.Hosting;
using Xunit.Abstractions;

namespace StyleFarm.Silo.Tests.Api;

/// <summary>
/// A browser's way in on a real silo: the sign-in form, the session cookie (HttpOnly, SameSite=Strict, the role only),
/// the CSRF token a cookie request needs to change a job, sign-out, and no token in a redirect, a page or a log.
/// </summary>
public sealed class BrowserSignInTests(ITestOutputHelper output) : IAsyncLifetime
{
    private TestSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync(SiloRoles.Api);

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    private TestBrowser Browser() => new(_silo.Host.ApiAddress!);

    [Fact]
    public async Task TheSignInPageIsAPasswordFormWithACsrfTokenAndNoToken()
    {
        using var browser = Browser();
        using var page = await browser.Http.GetAsync("/signin?returnUrl=%2Fjobs");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("type=\"password\"", html);
        Assert.Contains("name=\"returnUrl\" value=\"/jobs\"", html);
        Assert.NotEmpty(TestBrowser.CsrfOf(html));
        Assert.DoesNotContain(TestSilo.Token, html);
        Assert.Contains("no-store", page.Headers.CacheControl!.ToString());
        Assert.Contains(browser.Cookies.GetAllCookies(), c => c.Name == CsrfToken.CookieName);
    }

    [Fact]
    public async Task SigningInSetsAnHttpOnlySameSiteStrictSessionCookieWithoutTheTokenAndRedirectsToTheLocalReturnUrl()
    {
        using var browser = Browser();
        using var signIn = await browser.SignInAsync(TestSilo.Token, "/jobs?state=Running");

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/jobs?state=Running", signIn.Headers.Location!.OriginalString);
        var setCookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith(AccessSchemes.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("; httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        // A session cookie (gone when the browser closes), over plain http not marked Secure (SameAsRequest).
        Assert.DoesNotContain("expires=", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("; secure", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(TestSilo.Token, Uri.UnescapeDataString(setCookie));
        // The role claim alone, sealed: a few hundred bytes.
        Assert.InRange(browser.Session!.Value.Length, 1, 600);
        output.WriteLine($"session cookie value: {browser.Session.Value.Length} characters");

        using var jobs = await browser.Http.GetAsync("/api/jobs");
        Assert.Equal(HttpStatusCode.OK, jobs.StatusCode);
    }

    [Fact]
    public async Task ACookiePostNeedsTheCsrfTokenToCancelAJob()
    {
        var (_, job, _) = await ApiJson.SubmitAsync(_silo.Http, ApiJson.Spec());
        using var browser = Browser();
        using (await browser.SignInAsync(TestSilo.Token)) { }

        using (var forged = await browser.PostAsync($"/api/jobs/{job!.Id}/cancel", csrf: null))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
            Assert.Equal(CsrfCheck.Missing, await ApiJson.ErrorOf(forged));
        }
        using (var wrong = await browser.PostAsync($"/api/jobs/{job.Id}/cancel", csrf: "not-a-csrf-token"))
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal(JobState.Planning, (await ApiJson.GetJobAsync(_silo.Http, job.Id)).State);

        // The page a signed-in browser loads carries the token for its identity.
        var csrf = await browser.CsrfTokenAsync();
        var (status, cancelled, _) = await ReadJob(await browser.PostAsync($"/api/jobs/{job.Id}/cancel", csrf));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(JobState.Cancelled, cancelled!.State);
    }

    [Fact]
    public async Task ABasicHeaderFromAProxyInFrontLeavesTheCookieInCharge()
    {
        using var browser = Browser();
        using (await browser.SignInAsync(TestSilo.ViewerToken)) { }
        browser.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", "dXNlcjpwcm94eS1wYXNzd29yZA==");

        using var jobs = await browser.Http.GetAsync("/api/jobs");

        Assert.Equal(HttpStatusCode.OK, jobs.StatusCode);
    }

    [Fact]
    public async Task ABearerPostNeedsNoCsrfToken()
    {
        var (_, job, _) = await ApiJson.SubmitAsync(_silo.Http, ApiJson.Spec());

        var (status, _, _) = await ApiJson.PostAsync(_silo.Http, $"/api/jobs/{job!.Id}/cancel");

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task AViewerSignedInReadsButCannotCancelAndIsToldWhy()
    {
        var (_, job, _) = await ApiJson.SubmitAsync(_silo.Http, ApiJson.Spec());
        using var browser = Browser();
        using (var signIn = await browser.SignInAsync(TestSilo.ViewerToken)) Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        using (var read = await browser.Http.GetAsync($"/api/jobs/{job!.Id}")) Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        using var cancel = await browser.PostAsync($"/api/jobs/{job.Id}/cancel", await browser.CsrfTokenAsync());

        Assert.Equal(HttpStatusCode.Forbidden, cancel.StatusCode);
        Assert.Equal("you signed in with the viewer token: cancelling jobs needs the operator token (sign out and sign in with it)", await ApiJson.ErrorOf(cancel));
        Assert.Equal(JobState.Planning, (await ApiJson.GetJobAsync(_silo.Http, job.Id)).State);
    }

    [Fact]
    public async Task AWrongTokenGetsTheFormAgainWith401AfterTheDelayAndNoCookie()
    {
        using var browser = Browser();
        var clock = Stopwatch.StartNew();
        using var signIn = await browser.SignInAsync("wrong-token-guess-42424242", "/jobs");

        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.95), $"a wrong token answered after {clock.Elapsed.TotalMilliseconds} ms, before the 1 s delay");
        output.WriteLine($"a wrong sign-in answered after {clock.Elapsed.TotalMilliseconds:F0} ms");
        var html = await signIn.Content.ReadAsStringAsync();
        Assert.Contains(SignInEndpoints.NotValid, html);
        Assert.DoesNotContain("wrong-token-guess", html);
        Assert.Contains("name=\"returnUrl\" value=\"/jobs\"", html);
        Assert.Null(browser.Session);
        Assert.False(signIn.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith(AccessSchemes.CookieName, StringComparison.Ordinal)));
        using var jobs = await browser.Http.GetAsync("/api/jobs");
        Assert.Equal(HttpStatusCode.Unauthorized, jobs.StatusCode);
        Assert.Equal(AccessAnswers.NoCredential, await ApiJson.ErrorOf(jobs));
    }

    [Fact]
    public async Task ASignInFormWithoutItsCsrfTokenIsRefused()
    {
        using var browser = Browser();
        using var signIn = await browser.Http.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = TestSilo.Token }));

        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
        Assert.Null(browser.Session);
    }

    [Theory]
    [InlineData("http://evil.example/x")]
    [InlineData("//evil.example/x")]
    [InlineData("/\\evil.example/x")]
    [InlineData("https:/evil.example")]
    public async Task AReturnUrlToAnotherHostIsNotFollowed(string returnUrl)
    {
        using var browser = Browser();
        using var signIn = await browser.SignInAsync(TestSilo.Token, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/", signIn.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task SigningOutEndsTheSession()
    {
        using var browser = Browser();
        using (await browser.SignInAsync(TestSilo.Token)) { }
        var csrf = await browser.CsrfTokenAsync();

        using (var signOut = await browser.Http.PostAsync("/signout", new FormUrlEncodedContent(new Dictionary<string, string> { [CsrfToken.FormField] = csrf })))
        {
            Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
            Assert.Equal("/signin", signOut.Headers.Location!.OriginalString);
        }

        Assert.Null(browser.Session);
        using var jobs = await browser.Http.GetAsync("/api/jobs");
        Assert.Equal(HttpStatusCode.Unauthorized, jobs.StatusCode);
    }

    [Fact]
    public async Task NoTokenReachesTheLogs()
    {
        using (var browser = Browser())
        {
            using (await browser.SignInAsync(TestSilo.Token)) { }
            using (await browser.Http.GetAsync("/api/jobs")) { }
            using (await browser.PostAsync("/api/jobs/0196a3b2c4d5e6f708192a3b4c5d6e7f/cancel", csrf: null)) { }
        }
        using (var browser = Browser())
        using (await browser.SignInAsync(TestSilo.ViewerToken)) { }
        using (var browser = Browser())
        using (await browser.SignInAsync("wrong-token-guess-42424242")) { }
        using (var viewer = new HttpClient { BaseAddress = _silo.Host.ApiAddress })
        {
            viewer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestSilo.ViewerToken);
            using (await viewer.PostAsync("/api/jobs/0196a3b2c4d5e6f708192a3b4c5d6e7f/cancel", null)) { }
        }
        await _silo.Host.StopAsync();

        var lines = _silo.Logs.Lines;
        Assert.Contains(lines, l => l.Contains("a sign-in with a wrong token was refused", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("a browser signed in as viewer", StringComparison.Ordinal));
        foreach (var secret in new[] { TestSilo.Token, TestSilo.ViewerToken, "wrong-token-guess" })
            Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.Ordinal));
    }

    private static async Task<(HttpStatusCode, StyleFarm.Silo.Api.JobView?, string?)> ReadJob(HttpResponseMessage response)
    {
        using (response)
        {
            if (response.IsSuccessStatusCode)
                return (response.StatusCode, await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync(response.Content, StyleFarm.Silo.Api.ApiJsonContext.Default.JobView), null);
            return (response.StatusCode, null, await ApiJson.ErrorOf(response));
        }
    }
}
