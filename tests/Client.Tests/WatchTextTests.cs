using StyleFarm.Client.Cli;
using StyleFarm.Grains.Jobs;
using StyleFarm.Silo.Api;

namespace StyleFarm.Client.Tests;

/// <summary>What `stylefarm watch` and `status` print of a job: frames per pass, the ETA at the measured rate, plain lines into a pipe, what to do after a failure.</summary>
public sealed class WatchTextTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    private static JobView Job(JobState state = JobState.Running, int passes = 3, int? frames = 6, IReadOnlyList<int>? byPass = null, string? error = null, bool? permanent = null) =>
        new("0196a3b2c4d5e6f708192a3b4c5d6e7f", state, "/films/in.mp4", "/films/out.mp4", "preview", passes, 0, null, 4, 1, T0, T0,
            byPass?[^1] ?? 0, frames, 10, 24, error, null, byPass, permanent);

    [Fact]
    public void AMultiPassJobShowsThePassBeingWorkedOnAndItsFrames_NotTheLastPassStuckAtZero()
    {
        var progress = JobProgress.Of(Job(byPass: [6, 2, 0]));

        Assert.Equal("pass 2/3, frames 2/6", progress.Text());
        Assert.Equal((8, 18), (progress.Done, progress.Total));
    }

    [Fact]
    public void AOnePassJobShowsFramesOnly_AJobNotPlannedYetSaysSo_AFinishedOneItsLastPass()
    {
        Assert.Equal("frames 4/6", JobProgress.Of(Job(passes: 1, byPass: [4])).Text());
        Assert.Equal("not planned yet", JobProgress.Of(Job(JobState.Planning, frames: null)).Text());
        Assert.Equal("pass 3/3, frames 6/6", JobProgress.Of(Job(JobState.Succeeded, byPass: [6, 6, 6])).Text());
        // A silo without per-pass counts: the last pass's frames only.
        Assert.Equal("pass 1/3, frames 0/6", JobProgress.Of(Job(byPass: null)).Text());
    }

    [Fact]
    public void TheEtaIsTheRemainingFramesAtTheMeasuredSecondsPerFrame()
    {
        var rate = new FrameRate();
        rate.Observe(T0, 4);
        Assert.Null(rate.Eta(10));
        rate.Observe(T0.AddSeconds(30), 4);
        Assert.Null(rate.Eta(10));

        rate.Observe(T0.AddSeconds(60), 10);

        Assert.Equal(10.0, rate.SecondsPerFrame);
        Assert.Equal(TimeSpan.FromSeconds(80), rate.Eta(8));
        Assert.Equal(["ETA 1m 20s", "ETA 45s", "ETA 2h 05m", "ETA unknown"],
            new TimeSpan?[] { TimeSpan.FromSeconds(80), TimeSpan.FromSeconds(44.2), TimeSpan.FromMinutes(125), null }.Select(JobProgress.EtaText));
    }

    [Fact]
    public void IntoAPipeEventsArePlainLinesWithoutTheStateRepeated_AndProgressALineWhenTheWorkMoves()
    {
        using var output = new StringWriter();
        using var notes = new StringWriter();
        var view = new PlainWatchView(output, notes);

        view.Event(new JobEventView(3, "j", T0, JobState.Running, "running: 24 tasks for 6 frames in 1 shots, 2 segments, 3 passes"));
        view.Progress(Job(byPass: [6, 2, 0]), JobProgress.Of(Job(byPass: [6, 2, 0])), TimeSpan.FromSeconds(80));
        view.Progress(Job(byPass: [6, 2, 0]), JobProgress.Of(Job(byPass: [6, 2, 0])), TimeSpan.FromSeconds(70));
        view.Note("lost the API at http://127.0.0.1:1/, retrying for up to 60 s");

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^\d\d:\d\d:\d\d running: 24 tasks for 6 frames in 1 shots, 2 segments, 3 passes$", lines[0]);
        Assert.Matches(@"^\d\d:\d\d:\d\d Running: pass 2/3, frames 2/6, tasks 10/24, ETA 1m 20s$", lines[1]);
        Assert.DoesNotContain('\u001b', output.ToString());
        Assert.Equal("stylefarm: lost the API at http://127.0.0.1:1/, retrying for up to 60 s", notes.ToString().Trim());
    }

    [Fact]
    public void APermanentFailureSaysToFixItAndSubmitAgain_AnyOtherSuggestsRetryFailed()
    {
        var corrupt = Job(JobState.Failed, error: "task plan failed after 1 attempt: the input /films/in.mp4 is not a video", permanent: true);
        var flaky = Job(JobState.Failed, error: "task stylize/0000/0000/01 failed after 4 attempts: CUDA out of memory", permanent: false);

        Assert.Equal(
            "stylefarm: job 0196a3b2c4d5e6f708192a3b4c5d6e7f failed: task plan failed after 1 attempt: the input /films/in.mp4 is not a video. A retry would fail the same way: fix that, then submit the job again",
            JobText.Failure(corrupt));
        Assert.DoesNotContain("retry-failed", JobText.Failure(corrupt));
        Assert.EndsWith("Retry with `stylefarm retry-failed 0196a3b2c4d5e6f708192a3b4c5d6e7f`", JobText.Failure(flaky));
    }

    [Fact]
    public void StatusShowsUrlsWithoutTheirQuery()
    {
        var job = Job() with { Input = "https://a.blob.core.windows.net/c/in.mp4?sv=2025-05-05&sig=SECRET", Output = "/films/out.mp4" };

        var text = JobText.Text(job) + JobText.Json(job) + JobText.List([new JobSummary(job.Id, job.State, job.Input, job.Output, T0, T0, null)]);

        Assert.DoesNotContain("SECRET", text);
        Assert.Contains("input     https://a.blob.core.windows.net/c/in.mp4?…", text);
    }
}
