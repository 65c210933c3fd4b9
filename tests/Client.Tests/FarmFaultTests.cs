using System.Runtime.Versioning;
using StyleFarm.Client.Cluster;
using StyleFarm.Grains.Artifacts;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Tasks;
using StyleFarm.Silo.Api;
using StyleFarm.Silo.Execution;
using Xunit.Abstractions;

namespace StyleFarm.Client.Tests;

/// <summary>
/// Faults on a real farm of three silo processes (`stylefarm cluster up`): a worker killed while it holds a
/// lease, the coordinator's silo killed and restarted, the blob store stopped mid-render, and broken inputs.
/// The tests share one farm; each starts with `cluster up`, which starts again whatever an earlier test left
/// stopped, and asserts only on its own jobs.
/// </summary>
[SupportedOSPlatform("linux")]
[Collection(LocalFarm.Collection)]
public sealed class FarmFaultTests(LocalFarm farm, ITestOutputHelper output)
{
    private static readonly TimeSpan JobPatience = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan StepPatience = TimeSpan.FromSeconds(60);

    // 12 frames in 3 segments of 4 (halo 1), 2 passes of 3 iterations: 11 tasks, a few seconds each.
    private static readonly string[] Render =
        ["--iterations", "3", "--first-frame-iterations", "3", "--passes", "2", "--segment-length", "4", "--halo", "1"];

    [Fact]
    public async Task AWorkerKilledWhileItHoldsALeaseCostsOnlyARetryAndTheOutputEqualsAnUninterruptedRun()
    {
        farm.Up();
        var interrupted = farm.Submit(farm.Clip, farm.File("interrupted.mkv"), LocalFarm.StyleImage, Render);
        // A stylize task leased by a silo without the API (so the API stays up): kill exactly that silo's process.
        var held = await LocalFarm.PollAsync(async () => (await farm.TasksAsync(interrupted))
            .FirstOrDefault(t => t is { Kind: TaskKind.Stylize, State: TaskState.Leased } && t.Silo != ClusterLayout.SiloName(0)),
            StepPatience, "a stylize task leased by silo-1 or silo-2");
        var victim = farm.Ps().Silos.Single(s => s.Name == held.Silo);
        Assert.True(LocalProcess.Signal(victim.Pid, LocalProcess.SigKill), $"no process {victim.Pid}");
        Assert.True(await LocalProcess.WaitGoneAsync(victim.Pid, StepPatience), $"{victim.Name} (pid {victim.Pid}) outlived SIGKILL");
        // Its lease outlives it in the store: that is the lease the farm must take back.
        var orphaned = (await farm.TasksAsync(interrupted)).Where(t => t.State == TaskState.Leased && t.Silo == victim.Name).Select(t => t.Key).ToList();
        Assert.True(orphaned.Count > 0, $"{victim.Name} held no lease when it died: {await farm.DescribeAsync(interrupted)}");
        output.WriteLine($"killed {victim.Name} (pid {victim.Pid}) holding {string.Join(", ", orphaned)}");

        // The same job again, submitted after the kill, runs on the two survivors without interruption.
        var uninterrupted = farm.Submit(farm.Clip, farm.File("uninterrupted.mkv"), LocalFarm.StyleImage, Render);
        var first = await farm.WaitForEndAsync(interrupted, JobPatience);
        var second = await farm.WaitForEndAsync(uninterrupted, JobPatience);

        Assert.True(first.State == JobState.Succeeded, await farm.DescribeAsync(interrupted));
        Assert.True(second.State == JobState.Succeeded, await farm.DescribeAsync(uninterrupted));
        Assert.Equal((LocalFarm.ClipFrames, LocalFarm.ClipFrames), (first.FramesDone, second.FramesDone));
        var retried = (await farm.TasksAsync(interrupted)).Where(t => orphaned.Contains(t.Key)).ToList();
        output.WriteLine(string.Join("\n", retried.Select(t => $"{t.Key}: {t.Attempts} failed attempt(s), last: {t.LastError}")));
        Assert.All(retried, t => Assert.True(t.Attempts >= 1 && t.LastError!.Contains($"silo {victim.Name}", StringComparison.Ordinal),
            $"{t.Key} should have been taken back from {victim.Name}: {t.Attempts} attempts, last error {t.LastError}"));
        var a = await LocalFarm.FramesAsync(farm.File("interrupted.mkv"));
        var b = await LocalFarm.FramesAsync(farm.File("uninterrupted.mkv"));
        Assert.Equal(LocalFarm.ClipFrames, a.Count);
        Assert.Equal(LocalFarm.ClipFrames, b.Count);
        for (var i = 0; i < a.Count; i++)
            Assert.True(a[i].Pixels.AsSpan().SequenceEqual(b[i].Pixels), $"frame {i} differs between the interrupted and the uninterrupted run");
    }

    [Fact]
    public async Task TheCoordinatorsSiloKilledMidJobIsReplacedByAStandbyAndRestartedByClusterUpAndTheJobCompletes()
    {
        farm.Up();
        var holder = await LocalFarm.PollAsync(() => Task.FromResult(CoordinatorHolder()), StepPatience, "a silo taking the coordinator lock");
        var id = farm.Submit(farm.Clip, farm.File("coordinator.mkv"), LocalFarm.StyleImage, Render);
        await LocalFarm.PollAsync(async () => (await farm.TasksAsync(id)).FirstOrDefault(t => t is { Kind: TaskKind.Stylize, State: TaskState.Leased }),
            StepPatience, "a stylize task running");
        var before = await farm.JobAsync(id);
        Assert.Equal(JobState.Running, before.State);

        // Its leases now: when the holder is silo-0 the API dies with it, so they are read just before the kill.
        var orphaned = (await farm.TasksAsync(id)).Where(t => t.State == TaskState.Leased && t.Silo == holder).Select(t => t.Key).ToList();
        var killed = farm.Ps().Silos.Single(s => s.Name == holder);
        Assert.True(LocalProcess.Signal(killed.Pid, LocalProcess.SigKill), $"no process {killed.Pid}");
        Assert.True(await LocalProcess.WaitGoneAsync(killed.Pid, StepPatience), $"{killed.Name} outlived SIGKILL");
        // A standby notices the lock is free (PostgreSQL ends the dead session's advisory lock) and takes it.
        var successor = await LocalFarm.PollAsync(() => Task.FromResult(CoordinatorHolder()), StepPatience, $"a standby taking over from {holder}");
        Assert.NotEqual(holder, successor);

        Assert.Equal($"farm up in {farm.Data}: restarted {holder}", farm.Up());
        var restarted = farm.Ps().Silos.Single(s => s.Name == holder);
        Assert.True(restarted.Alive && restarted.Pid != killed.Pid, $"{holder} should run again under a new pid");
        Assert.Equal(killed.Roles, restarted.Roles);

        var job = await farm.WaitForEndAsync(id, JobPatience);
        output.WriteLine($"killed {holder} mid-job ({before.TasksDone}/{before.TasksTotal} tasks done) holding [{string.Join(", ", orphaned)}]; " +
            $"{successor} took over; {await farm.DescribeAsync(id)}");
        Assert.True(job.State == JobState.Succeeded, await farm.DescribeAsync(id));
        // What the killed process held (unless it committed it in the moment before the kill), its restarted self gave back
        // at once rather than after the lease's minute.
        Assert.All((await farm.TasksAsync(id)).Where(t => orphaned.Contains(t.Key) && t.Attempts > 0),
            t => Assert.Contains($"silo {holder} restarted at ", t.LastError));
        Assert.Equal(LocalFarm.ClipFrames, (await LocalFarm.FramesAsync(farm.File("coordinator.mkv"))).Count);
    }

    [Fact]
    public async Task WithAzuriteStoppedForTenSecondsMidRenderNoTaskIsDoneWithoutItsArtifactsAndTheJobCompletesWhenItIsBack()
    {
        farm.Up();
        var id = farm.Submit(farm.Clip, farm.File("azurite.mkv"), LocalFarm.StyleImage, Render);
        await LocalFarm.PollAsync(async () => (await farm.TasksAsync(id)).FirstOrDefault(t => t is { Kind: TaskKind.Stylize, State: TaskState.Leased }),
            StepPatience, "a stylize task running");
        var azurite = farm.Ps().Azurite;
        // SIGTERM, as `cluster down` stops it: Azurite saves its index, so what it acknowledged stays.
        Assert.True(LocalProcess.Signal(azurite.Pid, LocalProcess.SigTerm));
        Assert.True(await LocalProcess.WaitGoneAsync(azurite.Pid, StepPatience), "Azurite did not stop");
        // The outage itself: the scenario is ten seconds without the blob store.
        await Task.Delay(TimeSpan.FromSeconds(10));
        // The API answers for a running job without the blob store.
        var status = StyleFarmCli.Run(["status", id, "--json", .. farm.Server]);
        Assert.True(status.ExitCode == 0, $"status during the outage: {status.Stderr}");
        var during = System.Text.Json.JsonSerializer.Deserialize(status.Stdout, ApiJsonContext.Default.JobView)!;
        Assert.Equal(JobState.Running, during.State);

        Assert.Equal($"farm up in {farm.Data}: restarted azurite", farm.Up());
        Assert.Equal(azurite.Port, farm.Ps().Azurite.Port);
        var store = farm.Artifacts();
        var doneAtRestart = (await farm.TasksAsync(id)).Where(t => t.State == TaskState.Succeeded).ToList();
        await AssertArtifactsAsync(store, id, doneAtRestart);

        var job = await farm.WaitForEndAsync(id, JobPatience);
        output.WriteLine($"during the outage the job was {during.State} with {during.TasksDone}/{during.TasksTotal} tasks done; at the restart " +
            $"{doneAtRestart.Count} were done; {await farm.DescribeAsync(id)}");
        Assert.True(job.State == JobState.Succeeded, await farm.DescribeAsync(id));
        var tasks = await farm.TasksAsync(id);
        Assert.All(tasks, t => Assert.Equal(TaskState.Succeeded, t.State));
        await AssertArtifactsAsync(store, id, tasks);
        Assert.Equal(LocalFarm.ClipFrames, (await LocalFarm.FramesAsync(farm.File("azurite.mkv"))).Count);
    }

    [Fact]
    public async Task ACorruptVideoAndAStyleThatIsNotAnImageFailTheirJobsWithTheReasonAndTheFarmStillRendersTheNextJob()
    {
        farm.Up();
        var corrupt = farm.File("corrupt.mkv");
        var noise = new byte[4096];
        new Random(7).NextBytes(noise);
        await File.WriteAllBytesAsync(corrupt, noise);
        var notAnImage = farm.File("style.png");
        await File.WriteAllTextAsync(notAnImage, "this is a note, not a painting\n");

        var badVideo = farm.Submit(corrupt, farm.File("bad-video.mkv"), LocalFarm.StyleImage, Render);
        var badStyle = farm.Submit(farm.Clip, farm.File("bad-style.mkv"), notAnImage, Render);
        Assert.Equal(JobState.Failed, (await farm.WaitForEndAsync(badVideo, JobPatience)).State);
        Assert.Equal(JobState.Failed, (await farm.WaitForEndAsync(badStyle, JobPatience)).State);

        var videoStatus = StyleFarmCli.Run(["status", badVideo, .. farm.Server]);
        var styleStatus = StyleFarmCli.Run(["status", badStyle, .. farm.Server]);
        output.WriteLine(videoStatus.Stdout);
        output.WriteLine(styleStatus.Stdout);
        Assert.Equal((0, 0), (videoStatus.ExitCode, styleStatus.ExitCode));
        Assert.Contains("Failed", videoStatus.Stdout);
        Assert.Contains($"the input {corrupt} cannot be read as a video", videoStatus.Stdout);
        Assert.Contains("Failed", styleStatus.Stdout);
        Assert.Contains($"the style file {notAnImage} is not an image", styleStatus.Stdout);
        Assert.False(File.Exists(farm.File("bad-video.mkv")));
        Assert.False(File.Exists(farm.File("bad-style.mkv")));

        // The silos keep serving: all still run, and a good job afterwards renders.
        Assert.All(farm.Ps().Silos, s => Assert.True(s.Alive, $"{s.Name} stopped"));
        var good = farm.Submit(farm.Clip, farm.File("good.mkv"), LocalFarm.StyleImage, Render);
        var job = await farm.WaitForEndAsync(good, JobPatience);
        Assert.True(job.State == JobState.Succeeded, await farm.DescribeAsync(good));
        Assert.Equal(LocalFarm.ClipFrames, (await LocalFarm.FramesAsync(farm.File("good.mkv"))).Count);
    }

    // The silo whose current run holds the coordinator lock, by its log: alive, and since its last start its last word on the lock is "took".
    private string? CoordinatorHolder()
    {
        var holders = farm.Ps().Silos.Where(s => s.Alive).Select(s => s.Name).Where(name =>
        {
            var lines = farm.Log(name).Split('\n');
            var start = Array.FindLastIndex(lines, l => l.Contains($"silo {name}: ", StringComparison.Ordinal) && l.Contains(", artifacts in ", StringComparison.Ordinal));
            var last = lines.Skip(Math.Max(0, start)).LastOrDefault(l => l.Contains(" the coordinator lock", StringComparison.Ordinal));
            return last is not null && last.Contains("took the coordinator lock", StringComparison.Ordinal);
        }).ToList();
        return holders.Count == 1 ? holders[0] : null;
    }

    // Every done task's artifacts are in the store: the flows and weights of a flow task, the core frames of a stylize
    // pass, the metrics of the encode task (the output itself is a local file here).
    private async Task AssertArtifactsAsync(IArtifactStore store, string id, IEnumerable<TaskView> done)
    {
        var job = JobId.Parse(id);
        var segments = new SegmentPlanner(new SegmentPlannerOptions { SegmentLength = 4, Halo = 1 })
            .Split(new Shot(0, new FrameRange(0, LocalFarm.ClipFrames)));
        foreach (var task in done)
        {
            var keys = task.Kind switch
            {
                TaskKind.Flow => SegmentFlowPairs.Of(segments[task.Segment], [1]).SelectMany(p => new[]
                {
                    ArtifactKey.Flow(job, segments[task.Segment], p.Earlier, p.Later), ArtifactKey.Flow(job, segments[task.Segment], p.Later, p.Earlier),
                    ArtifactKey.Weights(job, segments[task.Segment], p.Earlier, p.Later), ArtifactKey.Weights(job, segments[task.Segment], p.Later, p.Earlier),
                }).ToList(),
                TaskKind.Stylize => Enumerable.Range(segments[task.Segment].Core.Start, segments[task.Segment].Core.Count)
                    .Select(f => ArtifactKey.Frame(job, segments[task.Segment], task.Pass, f)).ToList(),
                TaskKind.Encode => [JobMetricsArtifact.KeyOf(job)],
                _ => new List<ArtifactKey>(),
            };
            foreach (var key in keys)
                Assert.True(await store.ExistsAsync(key), $"task {task.Key} is {task.State} but its artifact {key} is missing");
        }
    }
}
