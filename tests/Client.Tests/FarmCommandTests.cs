using StyleFarm.Silo.Api;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using StyleFarm.Grains.Jobs;

namespace StyleFarm.Client.Tests;

/// <summary>submit, status, cancel, resume, retry-failed and watch against a silo process the test started (API and coordinator roles, no worker).</summary>
public sealed class FarmCommandTests(FarmSilo farm) : IClassFixture<FarmSilo>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private const string DemoVideo = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";
    private const string Painting = "/usr/share/doc/opencv-doc/examples/data/starry_night.jpg";

    // Real files: the submit check probes the input (795 frames) and decodes the style; nothing runs the job.
    private string[] Job(params string[] extra) =>
        ["submit", DemoVideo, "--style", Painting, "-o", Path.Combine(farm.Folder, "films", "out.mp4"), "--preset", "preview", .. extra];

    private string Submit(params string[] extra)
    {
        var result = StyleFarmCli.Run([.. Job(extra), .. farm.Server]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return result.Stdout.Trim();
    }

    [Fact]
    public void SubmitJsonPrintsTheJobIdAndStatusJsonShowsItPlanning()
    {
        var submitted = StyleFarmCli.Run([.. Job("--json", "--halo", "3", "--segment-length", "12"), .. farm.Server]);

        Assert.True(submitted.ExitCode == 0, submitted.Stderr);
        using var job = JsonDocument.Parse(submitted.Stdout);
        var id = job.RootElement.GetProperty("id").GetString()!;
        Assert.Matches("^[0-9a-f]{32}$", id);
        // Its grain offers the plan task at once: nothing else moves it without a worker.
        Assert.Equal("Planning", job.RootElement.GetProperty("state").GetString());
        var status = StyleFarmCli.Run(["status", id, "--json", .. farm.Server]);
        Assert.True(status.ExitCode == 0, status.Stderr);
        using var shown = JsonDocument.Parse(status.Stdout);
        var root = shown.RootElement;
        Assert.Equal(id, root.GetProperty("id").GetString());
        Assert.Equal("Planning", root.GetProperty("state").GetString());
        Assert.Equal(0, root.GetProperty("framesDone").GetInt32());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("framesTotal").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("seamRatio").ValueKind);
        Assert.Equal(1, root.GetProperty("tasksTotal").GetInt32());
    }

    [Fact]
    public void SubmitRefusesAnExistingOutputInOneLineAndReplacesItWithOverwrite()
    {
        var output = Path.Combine(farm.Folder, "taken.mp4");
        File.WriteAllText(output, "someone's film");
        string[] job = ["submit", DemoVideo, "--style", Painting, "-o", output, "--preset", "preview", .. farm.Server];

        var refused = StyleFarmCli.Run(job);
        var accepted = StyleFarmCli.Run([.. job, "--overwrite"]);

        Assert.Equal(1, refused.ExitCode);
        var line = Assert.Single(refused.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.EndsWith($"400 Bad Request: the output {output} already exists: choose another name, or submit with --overwrite to replace it", line);
        Assert.True(accepted.ExitCode == 0, accepted.Stderr);
        Assert.Matches("^[0-9a-f]{32}$", accepted.Stdout.Trim());
        Assert.Equal("someone's film", File.ReadAllText(output)); // nothing runs the job here: only its acceptance is shown
    }

    [Fact]
    public void SubmitFramesReachTheStoredJobSpec()
    {
        var id = Submit("--frames", "5:20", "--segment-length", "6");

        var status = StyleFarmCli.Run(["status", id, "--json", .. farm.Server]);
        Assert.True(status.ExitCode == 0, status.Stderr);
        var job = JsonSerializer.Deserialize(status.Stdout, ApiJsonContext.Default.JobView)!;

        Assert.Equal((5, (int?)20, 6, 3), (job.FirstFrame, job.EndFrame, job.SegmentLength, job.Halo));
    }

    [Fact]
    public void TheServerAndTokenCanComeFromTheEnvironment()
    {
        var environment = new Dictionary<string, string> { ["STYLEFARM_SERVER"] = farm.Silo.Api, ["STYLEFARM_TOKEN"] = FarmSilo.Token };

        var submitted = StyleFarmCli.RunWith(environment, Job());
        Assert.True(submitted.ExitCode == 0, submitted.Stderr);
        var id = submitted.Stdout.Trim();

        var listed = StyleFarmCli.RunWith(environment, "status");
        Assert.Equal(0, listed.ExitCode);
        Assert.Contains(id, listed.Stdout);
    }

    [Fact]
    public void CancelResumeAndRetryFailedPrintTheNewStateOrTheServersReason()
    {
        var id = Submit();

        var cancelled = StyleFarmCli.Run(["cancel", id, .. farm.Server]);
        Assert.Equal((0, $"job {id}: Cancelled"), (cancelled.ExitCode, cancelled.Stdout.Trim()));

        var retried = StyleFarmCli.Run(["retry-failed", id, .. farm.Server]);
        Assert.Equal(1, retried.ExitCode);
        Assert.Equal(
            $"stylefarm: error: the server at {farm.Silo.Api}/ answered POST /api/jobs/{id}/retry-failed with 409 Conflict: job {id} is Cancelled: retry-failed applies to a Failed job (use resume for a Cancelled one)",
            retried.Stderr.Trim());

        var resumed = StyleFarmCli.Run(["resume", id, .. farm.Server]);
        Assert.Equal((0, $"job {id}: Planning"), (resumed.ExitCode, resumed.Stdout.Trim()));
    }

    [Fact]
    public void ABadSpecFailsWithTheServersReasonOnOneLine()
    {
        var result = StyleFarmCli.Run([.. Job("--passes", "3", "--halo", "30"), .. farm.Server]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            $"stylefarm: error: the server at {farm.Silo.Api}/ answered POST /api/jobs with 400 Bad Request: the job spec is invalid: halo is 30 frames but must be 0 … 12 (half the segment length 24) so it never reaches past the neighbouring segment",
            result.Stderr.Trim());
    }

    [Fact]
    public void AnUnknownPresetFailsBeforeAnythingIsSent()
    {
        var result = StyleFarmCli.Run(["submit", "/in.mp4", "--style", "/s.png", "-o", "/o.mp4", "--preset", "nope", "--server", "http://127.0.0.1:1", "--token", FarmSilo.Token]);

        Assert.Equal((1, "stylefarm: error: unknown preset 'nope'; use one of: paper, balanced, preview"), (result.ExitCode, result.Stderr.Trim()));
    }

    [Fact]
    public void AWrongTokenFailsSayingTheServerRefusedIt()
    {
        var result = StyleFarmCli.Run(["status", "--server", farm.Silo.Api, "--token", "not-the-farms-token-0000"]);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"stylefarm: error: the server at {farm.Silo.Api}/ refused the token (401 Unauthorized)", result.Stderr.Trim());
    }

    [Fact]
    public void NoServerFailsSayingHowToGiveOne()
    {
        var result = StyleFarmCli.RunWith(new Dictionary<string, string> { ["STYLEFARM_SERVER"] = "" }, "status");

        Assert.Equal((1, "stylefarm: error: no server given: pass --server http://HOST:PORT or set STYLEFARM_SERVER"), (result.ExitCode, result.Stderr.Trim()));
    }

    [Fact]
    public async Task WatchIntoAPipeFollowsTheJobInPlainLinesWithoutTheStateRepeatedAndExitsNonZeroWhenItIsCancelled()
    {
        var id = Submit();
        await WaitForStateAsync(id, "Planning");
        using var watch = Process.Start(StyleFarmCli.StartInfo(["watch", id, .. farm.Server]))!;
        var following = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lines = new List<string>();
        watch.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (lines) lines.Add(e.Data);
            if (e.Data.Contains("planning: probing", StringComparison.Ordinal)) following.TrySetResult();
        };
        var stderr = watch.StandardError.ReadToEndAsync();
        watch.BeginOutputReadLine();
        // Watch prints the history first: once the planning line is out, it waits on the long poll.
        await following.Task.WaitAsync(Deadline);

        var cancelled = StyleFarmCli.Run(["cancel", id, .. farm.Server]);
        Assert.Equal(0, cancelled.ExitCode);
        using var patience = new CancellationTokenSource(Deadline);
        await watch.WaitForExitAsync(patience.Token);

        Assert.Equal(1, watch.ExitCode);
        lock (lines)
        {
            Assert.Matches($@"^\d\d:\d\d:\d\d submitted: {Regex.Escape(DemoVideo)} in the style of {Regex.Escape(Painting)}$", lines[0]);
            Assert.Matches(@"^\d\d:\d\d:\d\d planning: probing the input and finding its shots$", lines[1]);
            Assert.Contains(lines, l => Regex.IsMatch(l, @"^\d\d:\d\d:\d\d cancelled by request$"));
            Assert.Matches(@"^\d\d:\d\d:\d\d Cancelled: not planned yet, tasks 0/1$", lines[^1]);
            // No colour codes, cursor moves or progress bar in a pipe.
            Assert.All(lines, l => Assert.DoesNotContain('\u001b', l));
            Assert.DoesNotContain(lines, l => l.Contains("Planning: planning", StringComparison.Ordinal));
        }
        Assert.Equal($"stylefarm: job {id} was cancelled. Resume it with `stylefarm resume {id}`", (await stderr).Trim());
    }

    [Fact]
    public void TasksListsAJobsTasksAsATable_FilteredByState_OrAsJson()
    {
        var id = Submit();

        var table = StyleFarmCli.Run(["tasks", id, .. farm.Server]);
        var ready = StyleFarmCli.Run(["tasks", id, "--state", "ready", "--json", .. farm.Server]);
        var none = StyleFarmCli.Run(["tasks", id, "--state", "succeeded", .. farm.Server]);
        var bad = StyleFarmCli.Run(["tasks", id, "--state", "done", .. farm.Server]);

        Assert.True(table.ExitCode == 0, table.Stderr);
        Assert.Equal(
            ["TASK  KIND  SHOT  SEG  PASS  STATE  SILO  ATTEMPTS  DURATION  ERROR", "plan  plan  -     -    -     Ready  -     0         -"],
            table.Stdout.TrimEnd().Split(Environment.NewLine));
        Assert.True(ready.ExitCode == 0, ready.Stderr);
        var tasks = JsonSerializer.Deserialize(ready.Stdout, ApiJsonContext.Default.IReadOnlyListTaskView)!;
        Assert.Equal(("plan", StyleFarm.Grains.Tasks.TaskState.Ready), (Assert.Single(tasks).Key, tasks[0].State));
        Assert.Equal((0, "no tasks"), (none.ExitCode, none.Stdout.Trim()));
        Assert.Equal((1, "stylefarm: error: --state 'done' is not a task state: use one of blocked, ready, leased, succeeded, failed, cancelled"), (bad.ExitCode, bad.Stderr.Trim()));
    }

    [Fact]
    public void StatusShowsASasInputWithoutItsSignature()
    {
        var submitted = StyleFarmCli.Run(["submit", "https://films.blob.core.windows.net/in/clip.mp4?sv=2025-05-05&sp=r&sig=SECRETSIGNATURE", "--style", Painting,
            "-o", Path.Combine(farm.Folder, "films", "sas.mp4"), "--preset", "preview", .. farm.Server]);
        Assert.True(submitted.ExitCode == 0, submitted.Stderr);
        var id = submitted.Stdout.Trim();

        var text = StyleFarmCli.Run(["status", id, .. farm.Server]);
        var json = StyleFarmCli.Run(["status", id, "--json", .. farm.Server]);
        var list = StyleFarmCli.Run(["status", .. farm.Server]);

        Assert.Contains("input     https://films.blob.core.windows.net/in/clip.mp4?…", text.Stdout);
        Assert.DoesNotContain("SECRETSIGNATURE", text.Stdout + json.Stdout + list.Stdout);
        Assert.Contains("clip.mp4?…", list.Stdout);
    }

    // Long-polls the API until the job's history shows the state (the barrier a job's move is announced by).
    private async Task WaitForStateAsync(string id, string state)
    {
        using var http = new HttpClient { BaseAddress = new Uri(farm.Silo.Api) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", FarmSilo.Token);
        using var deadline = new CancellationTokenSource(Deadline);
        long after = 0;
        while (true)
        {
            using var page = JsonDocument.Parse(await http.GetStringAsync($"/api/jobs/{id}/events?after={after}&wait=true&timeout=10", deadline.Token));
            if (page.RootElement.GetProperty("events").EnumerateArray().Any(e => e.GetProperty("state").GetString() == state)) return;
            after = page.RootElement.GetProperty("last").GetInt64();
        }
    }
}
