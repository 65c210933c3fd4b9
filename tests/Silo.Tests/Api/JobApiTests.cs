using System.Net;
using System.Text.Json;
using StyleFarm.Grains.Jobs;
using StyleFarm.Silo.Api;
using StyleFarm.Grains.Tests.Support;
using StyleFarm.Silo.Hosting;

namespace StyleFarm.Silo.Tests.Api;

/// <summary>The job routes on real Kestrel over a silo of its own, without a worker: only users' actions (and the test's own worker calls) move jobs.</summary>
public sealed class JobApiTests : IAsyncLifetime
{
    private TestSilo _silo = null!;

    private HttpClient Http => _silo.Http;

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync(SiloRoles.Api);

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task SubmitGetCancelResumeGoesPlanningCancelledPlanningWithThePlanTaskOffered()
    {
        var (status, submitted, _) = await ApiJson.SubmitAsync(Http, ApiJson.Spec());
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(JobState.Planning, submitted!.State);
        Assert.Equal(32, submitted.Id.Length);

        var got = await ApiJson.GetJobAsync(Http, submitted.Id);
        Assert.Equal((submitted.Id, JobState.Planning), (got.Id, got.State));
        Assert.Equal((ApiMedia.Clip, ApiJson.Spec().Output, "preview", 1), (got.Input, got.Output, got.Preset, got.Passes));
        Assert.Equal((0, (int?)null, 0, 1, (string?)null, (double?)null), (got.FramesDone, got.FramesTotal, got.TasksDone, got.TasksTotal, got.Error, got.SeamRatio));

        var (cancelStatus, cancelled, _) = await ApiJson.PostAsync(Http, $"/api/jobs/{submitted.Id}/cancel");
        Assert.Equal(HttpStatusCode.OK, cancelStatus);
        Assert.Equal(JobState.Cancelled, cancelled!.State);
        Assert.Equal(JobState.Cancelled, (await ApiJson.GetJobAsync(Http, submitted.Id)).State);

        // Never planned, so resume offers its plan task again.
        var (resumeStatus, resumed, _) = await ApiJson.PostAsync(Http, $"/api/jobs/{submitted.Id}/resume");
        Assert.Equal(HttpStatusCode.OK, resumeStatus);
        Assert.Equal(JobState.Planning, resumed!.State);
        Assert.Equal((0, 1), (resumed.TasksDone, resumed.TasksTotal));
        Assert.Equal(JobState.Planning, (await ApiJson.GetJobAsync(Http, submitted.Id)).State);
    }

    [Fact]
    public async Task AJobRunByAWorkerShowsItsFramesAndTasksDone()
    {
        var (_, submitted, _) = await ApiJson.SubmitAsync(Http, ApiJson.Spec());

        await _silo.Worker().RunToSuccessAsync(JobId.Parse(submitted!.Id), Samples.Plan(passes: 1));

        var done = await ApiJson.GetJobAsync(Http, submitted.Id);
        // The sample plan: 10 frames in two shots, kept whole for one pass: plan, 2 flows, 2 stylize, encode.
        Assert.Equal((JobState.Succeeded, 10, (int?)10, 6, 6), (done.State, done.FramesDone, done.FramesTotal, done.TasksDone, done.TasksTotal));
    }

    [Fact]
    public async Task AMultiPassJobShowsItsFramesPerPassWhileItsLastPassHasNotRun()
    {
        var (_, submitted, _) = await ApiJson.SubmitAsync(Http, ApiJson.Spec() with { SegmentLength = 4, Halo = 1, Passes = 2 });
        var worker = _silo.Worker();
        Assert.True(await worker.CommitAsync(await worker.TakeAsync(), Samples.Plan(passes: 2)));
        // The sample plan: 3 flows and pass 1 of the 3 segments are committed; a pass 2 handed out is kept running.
        for (var committed = 0; committed < 6;)
        {
            var grant = await worker.TakeAsync();
            if (grant.Task.Id.Pass == 2) continue;
            Assert.True(await worker.CommitAsync(grant));
            committed++;
        }

        // Shots report to their job one way: the view catches up within moments.
        using var deadline = new CancellationTokenSource(ApiJson.Deadline);
        var job = await ApiJson.GetJobAsync(Http, submitted!.Id);
        while (job.FramesDoneByPass is not [10, 0])
        {
            await Task.Delay(50, deadline.Token);
            job = await ApiJson.GetJobAsync(Http, submitted.Id);
        }

        Assert.Equal((JobState.Running, 0, (int?)10), (job.State, job.FramesDone, job.FramesTotal));
    }

    [Fact]
    public async Task URLQueriesWhichHoldSasSignaturesAreLeftOutOfTheJobItsListingAndItsEvents()
    {
        const string input = "https://films.blob.core.windows.net/in/clip.mp4?sv=2025-05-05&se=2027-01-01&sp=r&sig=SECRETSIGNATURE";
        var (status, submitted, error) = await ApiJson.SubmitAsync(Http, ApiJson.Spec(input: input));
        Assert.True(status == HttpStatusCode.Created, error);

        var job = await ApiJson.GetJobAsync(Http, submitted!.Id);
        var list = await Http.GetStringAsync("/api/jobs");
        var events = await Http.GetStringAsync($"/api/jobs/{job.Id}/events?after=0");

        Assert.Equal("https://films.blob.core.windows.net/in/clip.mp4?…", job.Input);
        Assert.Equal(job.Input, submitted.Input);
        // JSON writes "…" as \u2026: compare what the client reads.
        Assert.Equal(job.Input, Assert.Single(JsonSerializer.Deserialize(list, ApiJsonContext.Default.IReadOnlyListJobSummary)!).Input);
        Assert.Contains("clip.mp4?… in the style of", JsonSerializer.Deserialize(events, ApiJsonContext.Default.JobEventsView)!.Events[0].Message);
        Assert.DoesNotContain("SECRETSIGNATURE", list + events + JsonSerializer.Serialize(job, ApiJsonContext.Default.JobView));
    }

    [Fact]
    public async Task AJobFailedByAPermanentErrorSaysSo()
    {
        var (_, submitted, _) = await ApiJson.SubmitAsync(Http, ApiJson.Spec());
        Assert.Null(submitted!.ErrorIsPermanent);
        var worker = _silo.Worker();

        Assert.True(await worker.FailAsync(await worker.TakeAsync(), "the input /films/in.mp4 is not a video: it has no video stream", permanent: true));

        var failed = await ApiJson.GetJobAsync(Http, submitted.Id);
        Assert.Equal((JobState.Failed, (bool?)true), (failed.State, failed.ErrorIsPermanent));
        Assert.Equal("task plan failed after 1 attempt: the input /films/in.mp4 is not a video: it has no video stream", failed.Error);
    }

    [Fact]
    public async Task TheJobJsonUsesCamelCaseNamesAndStateNames()
    {
        var (_, job, _) = await ApiJson.SubmitAsync(Http, ApiJson.Spec());
        var text = await Http.GetStringAsync($"/api/jobs/{job!.Id}");

        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        Assert.Equal("Planning", root.GetProperty("state").GetString());
        Assert.Equal(job.Id, root.GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("framesTotal").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("seamRatio").ValueKind);
        Assert.Equal(0, root.GetProperty("framesDone").GetInt32());
    }

    public static TheoryData<string, string> BadSpecs => new()
    {
        { """{"input":"/in.mp4","styleImages":["/s.png"],"preset":"nope","output":"/out.mp4"}""", "unknown preset 'nope'; use one of: paper, balanced, preview" },
        { """{"styleImages":["/s.png"],"preset":"preview","output":"/out.mp4"}""", "job has no input: give the path or URI of a video or image sequence" },
        { """{"input":"/in.mp4","styleImages":["/s.png"],"preset":"preview","output":"/out.mp4","passes":3,"halo":20}""", "halo is 20 frames but must be 0 … 12 (half the segment length 24)" },
        { """{"input":"/in.mp4","styleImages":[],"preset":"preview","output":"/out.mp4"}""", "job has no style image: give at least one" },
        { """{"input":"/in.mp4","styleImages":["/s.png"],"preset":"preview","output":"/out.mp4","passes":0}""", "passes is 0: use 1 … 99" },
        { """{"input":"/in.mp4","styleImages":["/s.png"],"preset":"preview","output":"/out.mp4","method":"Magic"}""", "method 'Magic' is unknown: use Optimization or Network" },
        { """{"input":"/in.mp4","styleImages":["/s.png"],"preset":"preview","output":"/out.mp4","longTermOffsets":[2,10]}""", "lack 1: the short-term flow between neighbouring frames is always needed" },
        { """{"input":"/in.mp4","styleImages":["/s.png"],"preset":"preview","output":"/out.mp4","halo":"four"}""", "the request body is not a JSON job spec" },
        { """{"input":"/in.mp4","styleImages":["/s.png"],"preset":"preview","output":"/out.mp4","haloo":2}""", "'haloo' could not be mapped" },
        { """{"input":""", "the request body is not a JSON job spec" },
        { "null", "the request body is empty: send a JSON job spec" },
    };

    [Theory]
    [MemberData(nameof(BadSpecs))]
    public async Task ABadSpecAnswers400SayingWhatIsWrongAndStoresNothing(string body, string expected)
    {
        using var response = await Http.PostAsync("/api/jobs", ApiJson.Body(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await ApiJson.ErrorOf(response));
        Assert.Equal("[]", await Http.GetStringAsync("/api/jobs"));
    }

    [Fact]
    public async Task ASpecThatIsNotJsonAnswers400AskingForJson()
    {
        using var response = await Http.PostAsync("/api/jobs", new StringContent("input=/in.mp4"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("send the job spec as JSON with Content-Type: application/json", await ApiJson.ErrorOf(response));
    }

    [Fact]
    public async Task ActionsTheStateForbidsAnswer409WithTheReason()
    {
        var (_, job, _) = await ApiJson.SubmitAsync(Http, ApiJson.Spec());

        var (resumeStatus, _, resumeError) = await ApiJson.PostAsync(Http, $"/api/jobs/{job!.Id}/resume");
        Assert.Equal(HttpStatusCode.Conflict, resumeStatus);
        Assert.Equal($"job {job.Id} is Planning: only a Failed or Cancelled job can be resumed", resumeError);

        var (retryStatus, _, retryError) = await ApiJson.PostAsync(Http, $"/api/jobs/{job.Id}/retry-failed");
        Assert.Equal(HttpStatusCode.Conflict, retryStatus);
        Assert.Equal($"job {job.Id} is Planning: retry-failed applies to a Failed job (use resume for a Cancelled one)", retryError);

        // A finished job cannot be cancelled: the test's worker runs it to its end.
        await _silo.Worker().RunToSuccessAsync(JobId.Parse(job.Id), Samples.Plan(passes: 1));
        var (cancelStatus, _, cancelError) = await ApiJson.PostAsync(Http, $"/api/jobs/{job.Id}/cancel");
        Assert.Equal(HttpStatusCode.Conflict, cancelStatus);
        Assert.Contains("Succeeded", cancelError);
        Assert.Contains("Cancelled", cancelError);
        Assert.Equal(JobState.Succeeded, (await ApiJson.GetJobAsync(Http, job.Id)).State);
    }

    [Fact]
    public async Task CancellingACancelledJobAgainIsHarmless()
    {
        var (_, job, _) = await ApiJson.SubmitAsync(Http, ApiJson.Spec());
        await ApiJson.PostAsync(Http, $"/api/jobs/{job!.Id}/cancel");

        var (status, again, _) = await ApiJson.PostAsync(Http, $"/api/jobs/{job.Id}/cancel");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(JobState.Cancelled, again!.State);
    }

    [Fact]
    public async Task AnUnknownJobAnswers404AndAMalformedId400()
    {
        const string unknown = "0196a3b2c4d5e6f708192a3b4c5d6e7f";
        using (var response = await Http.GetAsync($"/api/jobs/{unknown}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal($"job {unknown} does not exist: list the jobs with GET /api/jobs", await ApiJson.ErrorOf(response));
        }
        var (cancelStatus, _, _) = await ApiJson.PostAsync(Http, $"/api/jobs/{unknown}/cancel");
        Assert.Equal(HttpStatusCode.NotFound, cancelStatus);
        using (var response = await Http.GetAsync($"/api/jobs/{unknown}/events"))
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using (var response = await Http.GetAsync("/api/jobs/not-a-job"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.StartsWith("'not-a-job' is not a job id", await ApiJson.ErrorOf(response));
        }
    }

    [Fact]
    public async Task TheListHoldsEveryJobOldestFirst()
    {
        var (_, first, _) = await ApiJson.SubmitAsync(Http, ApiJson.Spec());
        var (_, second, _) = await ApiJson.SubmitAsync(Http, ApiJson.Spec(preset: "paper"));
        await ApiJson.PostAsync(Http, $"/api/jobs/{first!.Id}/cancel");

        using var json = JsonDocument.Parse(await Http.GetStringAsync("/api/jobs"));
        var jobs = json.RootElement.EnumerateArray().Select(j => (j.GetProperty("id").GetString(), j.GetProperty("state").GetString())).ToList();

        Assert.Equal([(first.Id, "Cancelled"), (second!.Id, "Planning")], jobs);
    }

    [Fact]
    public async Task TheSilosRouteListsThisSiloAlive()
    {
        using var json = JsonDocument.Parse(await Http.GetStringAsync("/api/silos"));

        var silo = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal("test-silo", silo.GetProperty("id").GetString());
        Assert.True(silo.GetProperty("alive").GetBoolean());
        Assert.Equal(0, silo.GetProperty("gpus").GetInt32());
    }
}
