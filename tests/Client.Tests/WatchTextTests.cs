using Spectre.Console;
using StyleFarm.Client.Cli;
using StyleFarm.Grains.Jobs;
using StyleFarm.Kernels.Network;
using StyleFarm.Silo.Api;
using StyleFarm.Silo.Execution;

namespace StyleFarm.Client.Tests;

/// <summary>What `stylefarm watch` and `status` print of a job: frames per pass (a training job's iteration, loss terms and rate), the ETA at the measured rate, plain lines into a pipe and the terminal's bar, what to do after a failure.</summary>
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
        var rate = new WorkRate();
        rate.Observe(T0, 4);
        Assert.Null(rate.Eta(10));
        rate.Observe(T0.AddSeconds(30), 4);
        Assert.Null(rate.Eta(10));

        rate.Observe(T0.AddSeconds(60), 10);

        Assert.Equal(10.0, rate.SecondsPerUnit);
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

    // A training job at iteration 12 of 32 (the weighted loss terms of its last iteration), or done with its model stored.
    private static JobView Training(int iteration, string? model = null) =>
        Job(model is null ? JobState.Running : JobState.Succeeded, passes: 1, frames: null) with
        {
            TasksTotal = 1,
            TasksDone = model is null ? 0 : 1,
            Training = new TrainingStatus(iteration, 32, new LossPoint(iteration, 2, 4.125, 8.0, 0.25, 0.0125), [], 0, model),
        };

    [Fact]
    public void ATrainingJobShowsItsIterationAndLossTerms_ItsRateInIterationsPerSecondAndTheEta_AndItsModelWhenDone()
    {
        var rate = new WorkRate();
        rate.Observe(T0, 4);
        rate.Observe(T0.AddSeconds(4), 12);
        using var output = new StringWriter();
        var view = new PlainWatchView(output, TextWriter.Null);

        var running = JobProgress.Of(Training(12));
        view.Progress(Training(12), running, rate.Eta(running.Total - running.Done), rate.PerSecond);
        view.Progress(Training(32, "job:0196a3b2c4d5e6f708192a3b4c5d6e7f/tiny.safetensors"), JobProgress.Of(Training(32, "job:0196a3b2c4d5e6f708192a3b4c5d6e7f/tiny.safetensors")), null);

        // 8 iterations in 4 s: 2 it/s, and 20 iterations left take 10 s.
        Assert.Equal((2.0, TimeSpan.FromSeconds(10)), (rate.PerSecond, rate.Eta(running.Total - running.Done)));
        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^\d\d:\d\d:\d\d Running: iteration 12/32, loss 12\.39 \(content 4\.12, style 8, temporal 0\.25, tv 0\.013\), tasks 0/1, 2 it/s, ETA 10s$", lines[0]);
        Assert.Matches(@"^\d\d:\d\d:\d\d Succeeded: iteration 32/32, loss 12\.39 \(content 4\.12, style 8, temporal 0\.25, tv 0\.013\), model job:0196a3b2c4d5e6f708192a3b4c5d6e7f/tiny\.safetensors, tasks 1/1$", lines[1]);
    }

    [Fact]
    public void OnATerminalATrainingJobsBarCountsIterations_AndItsDescriptionHasTheLossTheRateAndTheEta()
    {
        var bar = new ProgressTask(0, "connecting", 1);
        var view = new TerminalWatchView(bar);

        view.Progress(Training(0) with { Training = new TrainingStatus(0, 32, null, [], 0, null) }, JobProgress.Of(Training(0) with { Training = new TrainingStatus(0, 32, null, [], 0, null) }), null);
        Assert.Equal((0.0, 32.0, "Running: iteration 0/32, ETA unknown"), (bar.Value, bar.MaxValue, bar.Description));

        view.Progress(Training(12), JobProgress.Of(Training(12)), TimeSpan.FromSeconds(10), 2);

        Assert.Equal((12.0, 32.0), (bar.Value, bar.MaxValue));
        Assert.Equal("Running: iteration 12/32, loss 12.39 (content 4.12, style 8, temporal 0.25, tv 0.013), 2 it/s, ETA 10s", bar.Description);
    }
}
