using System.Net;
using StyleFarm.Grains.Jobs;
using StyleFarm.Silo.Hosting;

namespace StyleFarm.Silo.Tests.Api;

/// <summary>GET /api/jobs/{id}/events: pages after a sequence, and the long poll that answers when something new happens.</summary>
public sealed class JobEventsApiTests : IAsyncLifetime
{
    private TestSilo _silo = null!;

    private HttpClient Http => _silo.Http;

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync(SiloRoles.Api);

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task EventsListTheJobsHistoryAfterTheGivenSequence()
    {
        var (_, job, _) = await ApiJson.SubmitAsync(Http, ApiJson.Spec());
        var (_, other, _) = await ApiJson.SubmitAsync(Http, ApiJson.Spec());
        await ApiJson.PostAsync(Http, $"/api/jobs/{job!.Id}/cancel");

        var all = await ApiJson.EventsAsync(Http, job.Id, after: 0);
        Assert.Equal([JobState.Submitted, JobState.Planning, JobState.Cancelled], all.Events.Select(e => e.State));
        Assert.Equal([1L, 2L, 3L], all.Events.Select(e => e.Sequence));
        Assert.All(all.Events, e => Assert.Equal(job.Id, e.Job));
        Assert.Equal("cancelled by request", all.Events[2].Message);
        Assert.Equal(all.Events[2].Sequence, all.Last);

        var later = await ApiJson.EventsAsync(Http, job.Id, after: all.Events[1].Sequence);
        Assert.Equal([all.Events[2].Sequence], later.Events.Select(e => e.Sequence));

        var none = await ApiJson.EventsAsync(Http, job.Id, after: all.Last);
        Assert.Empty(none.Events);
        Assert.Equal(all.Last, none.Last);
        Assert.Equal(2, (await ApiJson.EventsAsync(Http, other!.Id, after: 0)).Events.Count);
    }

    [Fact]
    public async Task ALongPollAnswersWithTheNewEventWhenTheJobChanges()
    {
        var (_, job, _) = await ApiJson.SubmitAsync(Http, ApiJson.Spec());
        var seen = (await ApiJson.EventsAsync(Http, job!.Id, after: 0)).Last;

        // The poll may wait up to 60 s; the deadline below is far shorter, so only a wake-up can meet it.
        var poll = ApiJson.EventsAsync(Http, job.Id, after: seen, wait: true, timeout: 60);
        await WaitingAsync(job.Id);
        var (status, _, _) = await ApiJson.PostAsync(Http, $"/api/jobs/{job.Id}/cancel");
        Assert.Equal(HttpStatusCode.OK, status);
        var answer = await poll.WaitAsync(ApiJson.Deadline);

        var cancelled = Assert.Single(answer.Events);
        Assert.Equal(JobState.Cancelled, cancelled.State);
        Assert.Equal(cancelled.Sequence, answer.Last);
    }

    [Fact]
    public async Task ALongPollIgnoresOtherJobsAndAnswersForItsOwn()
    {
        var (_, job, _) = await ApiJson.SubmitAsync(Http, ApiJson.Spec());
        var (_, other, _) = await ApiJson.SubmitAsync(Http, ApiJson.Spec());
        var seen = (await ApiJson.EventsAsync(Http, job!.Id, after: 0)).Last;

        var poll = ApiJson.EventsAsync(Http, job.Id, after: seen, wait: true, timeout: 60);
        await WaitingAsync(job.Id);
        await ApiJson.PostAsync(Http, $"/api/jobs/{other!.Id}/cancel");
        await ApiJson.PostAsync(Http, $"/api/jobs/{job.Id}/cancel");
        var answer = await poll.WaitAsync(ApiJson.Deadline);

        var only = Assert.Single(answer.Events);
        Assert.Equal((job.Id, JobState.Cancelled), (only.Job, only.State));
    }

    [Fact]
    public async Task ALongPollWithNothingNewAnswersEmptyAtItsTimeout()
    {
        var (_, job, _) = await ApiJson.SubmitAsync(Http, ApiJson.Spec());
        var seen = (await ApiJson.EventsAsync(Http, job!.Id, after: 0)).Last;

        var answer = await ApiJson.EventsAsync(Http, job.Id, after: seen, wait: true, timeout: 1).WaitAsync(ApiJson.Deadline);

        Assert.Empty(answer.Events);
        Assert.Equal(seen, answer.Last);
    }

    [Fact]
    public async Task AWaitingLongPollAnswersAtOnceWhenTheSiloStops()
    {
        var (_, job, _) = await ApiJson.SubmitAsync(Http, ApiJson.Spec());
        var seen = (await ApiJson.EventsAsync(Http, job!.Id, after: 0)).Last;
        var poll = ApiJson.EventsAsync(Http, job.Id, after: seen, wait: true, timeout: 120);
        await WaitingAsync(job.Id);

        await _silo.Host.StopAsync().WaitAsync(ApiJson.Deadline);
        var answer = await poll.WaitAsync(ApiJson.Deadline);

        Assert.Empty(answer.Events);
    }

    // The server logs when a poll starts waiting: the barrier that proves the answer came from a later look, not the first.
    private Task WaitingAsync(string job) =>
        _silo.Logs.WaitForAsync(l => l.Contains($"events of job {job}: waiting", StringComparison.Ordinal), ApiJson.Deadline);

    [Theory]
    [InlineData("after=-1", "after='-1' is not an event sequence")]
    [InlineData("after=x", "after='x' is not an event sequence")]
    [InlineData("wait=maybe", "wait='maybe' is not true or false")]
    [InlineData("wait=true&timeout=0", "timeout='0' is out of range: give whole seconds 1 … 120")]
    [InlineData("wait=true&timeout=121", "timeout='121' is out of range")]
    public async Task ABadQueryAnswers400(string query, string expected)
    {
        var (_, job, _) = await ApiJson.SubmitAsync(Http, ApiJson.Spec());

        using var response = await Http.GetAsync($"/api/jobs/{job!.Id}/events?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await ApiJson.ErrorOf(response));
    }
}
