using System.Net;
using System.Net.Http.Headers;
using StyleFarm.Grains.Jobs;
using StyleFarm.Silo.Api;
using StyleFarm.Silo.Api.Access;
using StyleFarm.Silo.Hosting;

namespace StyleFarm.Silo.Tests.Api;

/// <summary>The viewer and operator tokens on the /api routes of a real silo: a viewer reads, only the operator changes jobs, and a 403 says why.</summary>
public sealed class RoleTests : IAsyncLifetime
{
    private TestSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync(SiloRoles.Api);

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    private HttpClient Viewer()
    {
        var client = new HttpClient { BaseAddress = _silo.Host.ApiAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestSilo.ViewerToken);
        return client;
    }

    [Theory]
    [InlineData("/api/jobs")]
    [InlineData("/api/silos")]
    public async Task TheViewerTokenReads(string path)
    {
        using var viewer = Viewer();
        using var response = await viewer.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("cancel", "cancelling jobs")]
    [InlineData("resume", "resuming jobs")]
    [InlineData("retry-failed", "retrying failed tasks")]
    public async Task TheViewerTokenCannotChangeAJobAndIsToldWhy(string action, string described)
    {
        var (_, job, _) = await ApiJson.SubmitAsync(_silo.Http, ApiJson.Spec());
        using var viewer = Viewer();

        using var response = await viewer.PostAsync($"/api/jobs/{job!.Id}/{action}", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal($"this token is a viewer's: {described} needs the operator token", await ApiJson.ErrorOf(response));
        Assert.Equal(JobState.Planning, (await ApiJson.GetJobAsync(_silo.Http, job.Id)).State);
    }

    [Fact]
    public async Task TheViewerTokenCannotSubmit()
    {
        using var viewer = Viewer();
        var (status, _, error) = await ApiJson.SubmitAsync(viewer, ApiJson.Spec());

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("this token is a viewer's: submitting jobs needs the operator token", error);
    }

    [Fact]
    public async Task TheOperatorTokenSubmitsReadsAndCancels()
    {
        var (status, job, _) = await ApiJson.SubmitAsync(_silo.Http, ApiJson.Spec());
        Assert.Equal(HttpStatusCode.Created, status);

        var (cancelStatus, cancelled, _) = await ApiJson.PostAsync(_silo.Http, $"/api/jobs/{job!.Id}/cancel");

        Assert.Equal(HttpStatusCode.OK, cancelStatus);
        Assert.Equal(JobState.Cancelled, cancelled!.State);
        using var list = await _silo.Http.GetAsync("/api/jobs");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }

    [Fact]
    public void WithoutAViewerTokenOnlyTheOperatorsIsAdmitted()
    {
        var tokens = new AccessTokens(new ApiToken(TestSilo.Token), null);

        Assert.Equal(AccessRoles.Operator, tokens.RoleOf(TestSilo.Token));
        Assert.Null(tokens.RoleOf(TestSilo.ViewerToken));
        Assert.Null(tokens.RoleOf(null));
        Assert.Equal("(hidden)", tokens.ToString());
    }

    [Fact]
    public void TheViewerTokenMayNotBeTheOperators()
    {
        var options = new ApiOptions { OperatorToken = new ApiToken(TestSilo.Token), ViewerToken = new ApiToken(TestSilo.Token) };

        Assert.StartsWith("the viewer token is the operator token", Assert.Throws<ArgumentException>(options.Validate).Message);
    }
}
