using System.Net;
using System.Net.Http.Json;
using StyleFarm.Grains.Leasing;
using StyleFarm.Grains.Silos;
using StyleFarm.Grains.Tasks;
using StyleFarm.Silo.Api;
using StyleFarm.Silo.Hosting;

namespace StyleFarm.Silo.Tests.Api;

/// <summary><c>GET /api/jobs/{id}/tasks</c>: a job's tasks with their state and the silo holding each lease.</summary>
public sealed class JobTasksApiTests : IAsyncLifetime
{
    private TestSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync(SiloRoles.Api);

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task TheTasksRouteShowsThePlanTaskLeasedByTheSiloThatHoldsItAndWhenItsLeaseExpires()
    {
        var (_, job, _) = await ApiJson.SubmitAsync(_silo.Http, ApiJson.Spec());
        Assert.Empty(await TasksAsync(job!.Id));
        // Without a coordinator role, cancel then resume is what creates the plan task (and makes it Ready).
        await ApiJson.PostAsync(_silo.Http, $"/api/jobs/{job.Id}/cancel");
        await ApiJson.PostAsync(_silo.Http, $"/api/jobs/{job.Id}/resume");
        var ready = Assert.Single(await TasksAsync(job.Id));
        Assert.Equal(("plan", TaskKind.Plan, TaskState.Ready, 0, (string?)null, (DateTimeOffset?)null), (ready.Key, ready.Kind, ready.State, ready.Attempts, ready.Silo, ready.LeaseExpiresAt));

        var terms = new LeaseTerms(new LeaseOptions(), TimeProvider.System);
        var leased = await _silo.Host.Store.TryLeaseAsync(terms.Request(new SiloId("worker-7"), new WorkerCapabilities(0, 0, 1L << 30)), CancellationToken.None);

        var shown = Assert.Single(await TasksAsync(job.Id));
        Assert.Equal(("plan", TaskState.Leased, "worker-7"), (shown.Key, shown.State, shown.Silo));
        Assert.Equal(leased!.Lease!.ExpiresAt, shown.LeaseExpiresAt!.Value, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task AnUnknownJobAnswers404AndAMalformedId400()
    {
        var never = Grains.Jobs.JobId.New(TimeProvider.System).ToString();
        using var unknown = await _silo.Http.GetAsync($"/api/jobs/{never}/tasks");
        using var malformed = await _silo.Http.GetAsync("/api/jobs/nope/tasks");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal($"job {never} does not exist: list the jobs with GET /api/jobs", await ApiJson.ErrorOf(unknown));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    private async Task<IReadOnlyList<TaskView>> TasksAsync(string id) =>
        (await _silo.Http.GetFromJsonAsync($"/api/jobs/{id}/tasks", ApiJsonContext.Default.IReadOnlyListTaskView))!;
}
