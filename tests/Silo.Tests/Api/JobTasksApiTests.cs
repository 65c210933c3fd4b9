using System.Net;
using System.Net.Http.Json;
using StyleFarm.Grains.Cluster;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tasks;
using StyleFarm.Grains.Tests.Support;
using StyleFarm.Silo.Api;
using StyleFarm.Silo.Hosting;

namespace StyleFarm.Silo.Tests.Api;

/// <summary>
/// GET /api/jobs/{id}/tasks: a job's tasks with the times a timeline needs (attempt begun, commit), read from the job
/// grain, the shots' stored state and the dispatcher's record of running attempts.
/// </summary>
public sealed class JobTasksApiTests : IAsyncLifetime
{
    private TestSilo _silo = null!;

    private HttpClient Http => _silo.Http;

    // Only the API role runs: the test's own worker calls move the tasks.
    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync(SiloRoles.Api);

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task ARunningTaskShowsWhenAndByWhomItBeganAndACommittedOneWhenItSucceededOnWhichSiloAfterHowManyAttempts()
    {
        var (_, job, _) = await ApiJson.SubmitAsync(Http, ApiJson.Spec());
        var id = job!.Id;

        var ready = Assert.Single(await TasksAsync(id));
        Assert.Equal(("plan", TaskKind.Plan, TaskState.Ready, 0, null, null, null, null), (ready.Key, ready.Kind, ready.State, ready.Attempts, ready.LeasedAt, ready.Silo, ready.LastError, ready.StartedAt));
        Assert.Empty(ready.Dependencies);

        var worker = _silo.Worker("silo-b");
        var before = DateTimeOffset.UtcNow;
        var grant = await worker.TakeAsync();
        var running = Assert.Single(await TasksAsync(id));
        Assert.Equal((TaskState.Leased, "silo-b", 1), (running.State, running.Silo, running.Attempts));
        Assert.InRange(running.LeasedAt!.Value, ready.UpdatedAt, DateTimeOffset.UtcNow);
        Assert.InRange(running.LeasedAt.Value, before.AddMilliseconds(-1), DateTimeOffset.UtcNow);

        Assert.True(await worker.CommitAsync(grant, Samples.Plan()));
        var done = (await TasksAsync(id))[0];
        // A finished task keeps the silo that committed it, its attempt (the committed one) and when that began.
        Assert.Equal(("plan", TaskState.Succeeded, null, "silo-b", 1, running.LeasedAt), (done.Key, done.State, done.LeasedAt, done.Silo, done.Attempts, done.StartedAt));
        Assert.InRange(done.UpdatedAt, running.LeasedAt.Value, DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task AShotTaskThatFailedOnceThenSucceededElsewhereShowsTwoAttemptsAndTheSiloThatCommittedIt()
    {
        var (_, job, _) = await ApiJson.SubmitAsync(Http, ApiJson.Spec() with { SegmentLength = 4, Halo = 1, Passes = 2 });
        var planner = _silo.Worker("silo-a");
        Assert.True(await planner.CommitAsync(await planner.TakeAsync(), Samples.Plan()));
        var first = _silo.Worker("silo-a");
        var grant = await first.TakeAsync();
        Assert.Equal(TaskKind.Flow, grant.Task.Id.Kind);
        Assert.True(await first.FailAsync(grant, "CUDA out of memory"));
        // Take the other flows first; the failed one comes back after its backoff (5 s).
        var second = _silo.Worker("silo-c");
        WorkGrant next;
        do
        {
            next = await second.TakeAsync(TimeSpan.FromSeconds(30));
            Assert.True(await second.CommitAsync(next));
        }
        while (next.Task.Id != grant.Task.Id);

        var done = (await TasksAsync(job!.Id)).Single(t => t.Key == grant.Task.Id.Key);

        Assert.Equal((TaskState.Succeeded, "silo-c", 2, "CUDA out of memory"), (done.State, done.Silo, done.Attempts, done.LastError));
        Assert.InRange(done.UpdatedAt - done.StartedAt!.Value, TimeSpan.Zero, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ARunningJobListsItsWholeGraphInIdOrderWithEachTasksDependencies()
    {
        var (_, job, _) = await ApiJson.SubmitAsync(Http, ApiJson.Spec() with { SegmentLength = 4, Halo = 1, Passes = 2 });
        var worker = _silo.Worker();
        Assert.True(await worker.CommitAsync(await worker.TakeAsync(), Samples.Plan()));

        var tasks = await TasksAsync(job!.Id);

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
        Assert.Equal((TaskKind.Stylize, 1, 0, 1, TaskState.Blocked), (stylize.Kind, stylize.Shot, stylize.Segment, stylize.Pass, stylize.State));
        Assert.Equal(["flow/0001/0000"], stylize.Dependencies);
        Assert.Equal([TaskState.Succeeded, TaskState.Ready, TaskState.Ready, TaskState.Ready], tasks.Take(4).Select(t => t.State));
        Assert.Equal(JobState.Running, (await ApiJson.GetJobAsync(Http, job.Id)).State);
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
