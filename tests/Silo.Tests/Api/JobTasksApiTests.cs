using System.Net;
using System.Net.Http.Json;
using StyleFarm.Grains.Tasks;
using StyleFarm.Silo.Api;
using StyleFarm.Silo.Hosting;
using StyleFarm.Silo.Tests.Tasks;

namespace StyleFarm.Silo.Tests.Api;

/// <summary>GET /api/jobs/{id}/tasks: a job's tasks with the times a timeline needs (lease granted, commit).</summary>
public sealed class JobTasksApiTests : IAsyncLifetime
{
    private TestSilo _silo = null!;
    private StoreFarm _farm = null!;

    private HttpClient Http => _silo.Http;

    // Only the API role runs: the test's own coordinator and worker calls, on a fake clock, move the tasks.
    public async Task InitializeAsync()
    {
        _silo = await TestSilo.StartAsync(SiloRoles.Api);
        _farm = new StoreFarm(_silo.Host.Store);
    }

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task ALeasedTaskShowsWhenAndByWhomItWasLeasedAndACommittedOneWhenItSucceeded()
    {
        var job = await _farm.SubmitAsync();
        await _farm.AdvanceAsync(job.Id);
        var id = job.Id.ToString();

        var ready = Assert.Single(await TasksAsync(id));
        Assert.Equal(("plan", TaskKind.Plan, TaskState.Ready, 0, TaskSamples.Start, null, null, null),
            (ready.Key, ready.Kind, ready.State, ready.Attempts, ready.UpdatedAt, ready.LeasedAt, ready.Silo, ready.LastError));
        Assert.Empty(ready.Dependencies);

        _farm.Clock.Advance(TimeSpan.FromSeconds(2));
        var leased = (await _farm.LeaseAsync("silo-b"))!;
        var running = Assert.Single(await TasksAsync(id));
        Assert.Equal((TaskState.Leased, TaskSamples.Start.AddSeconds(2), "silo-b"), (running.State, running.LeasedAt, running.Silo));
        Assert.Equal(leased.Lease!.ExpiresAt, running.LeaseExpiresAt);

        _farm.Clock.Advance(TimeSpan.FromSeconds(3));
        Assert.True(await _farm.CommitAsync(leased));
        var done = Assert.Single(await TasksAsync(id));
        Assert.Equal((TaskState.Succeeded, TaskSamples.Start.AddSeconds(5), null, null), (done.State, done.UpdatedAt, done.LeasedAt, done.Silo));
    }

    [Fact]
    public async Task ARunningJobListsItsWholeGraphInIdOrderWithEachTasksDependencies()
    {
        var job = await _farm.RunningAsync();

        var tasks = await TasksAsync(job.Id.ToString());

        // The sample plan: shot 0 in segments [0,4) and [4,6), shot 1 in one segment; 2 passes.
        Assert.Equal(
            ["plan", "flow/0000/0000", "flow/0000/0001", "flow/0001/0000",
             "stylize/0000/0000/01", "stylize/0000/0000/02", "stylize/0000/0001/01", "stylize/0000/0001/02", "stylize/0001/0000/01", "stylize/0001/0000/02",
             "encode"],
            tasks.Select(t => t.Key));
        var encode = tasks[^1];
        Assert.Equal((TaskKind.Encode, TaskState.Blocked), (encode.Kind, encode.State));
        // The encode waits for the last pass of every segment.
        Assert.Equal(["stylize/0000/0000/02", "stylize/0000/0001/02", "stylize/0001/0000/02"], encode.Dependencies.Order());
        var stylize = tasks.Single(t => t.Key == "stylize/0001/0000/01");
        Assert.Equal((TaskKind.Stylize, 1, 0, 1), (stylize.Kind, stylize.Shot, stylize.Segment, stylize.Pass));
        Assert.Equal(["flow/0001/0000"], stylize.Dependencies);
        Assert.Equal([TaskState.Succeeded, TaskState.Ready, TaskState.Ready, TaskState.Ready], tasks.Take(4).Select(t => t.State));
    }

    [Fact]
    public async Task AnUnknownJobAnswers404AndAMalformedId400()
    {
        const string unknown = "0196a3b2c4d5e6f708192a3b4c5d6e7f";
        using (var response = await Http.GetAsync($"/api/jobs/{unknown}/tasks"))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal($"job {unknown} does not exist: list the jobs with GET /api/jobs", await ApiJson.ErrorOf(response));
        }
        using (var response = await Http.GetAsync("/api/jobs/not-a-job/tasks"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.StartsWith("'not-a-job' is not a job id", await ApiJson.ErrorOf(response));
        }
    }

    private async Task<IReadOnlyList<TaskView>> TasksAsync(string job)
    {
        using var response = await Http.GetAsync($"/api/jobs/{job}/tasks");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync(ApiJsonContext.Default.IReadOnlyListTaskView))!;
    }
}
