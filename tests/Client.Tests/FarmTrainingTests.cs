using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using StyleFarm.Client.Cluster;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tasks;
using StyleFarm.Kernels.Network;
using StyleFarm.Kernels.Video;
using StyleFarm.Silo.Api;
using StyleFarm.Silo.Execution;
using Xunit.Abstractions;

namespace StyleFarm.Client.Tests;

/// <summary>
/// `submit --train` on the real farm of <see cref="LocalFarm"/> (three silo processes, Azurite, PostgreSQL): a training job
/// stores a model whose loss fell; the same job with the silo running its train task SIGKILLed after a checkpoint resumes
/// from the stored checkpoint and stores the same model, byte for byte; `submit --method network --model job:JOB/NAME`
/// renders with the stored model across segments; `watch` follows a training job's iterations, loss terms, rate and ETA to
/// its model's name; bad input is refused at submit with one line and nothing queued.
/// A tiny network (8 channels, 1 residual block) on 48-px two-frame samples keeps each job to a few minutes on a loaded machine.
/// </summary>
[SupportedOSPlatform("linux")]
[Collection(LocalFarm.Collection)]
public sealed class FarmTrainingTests(LocalFarm farm, ITestOutputHelper output)
{
    private const int Iterations = 32;
    private const int CheckpointEvery = 4;
    private const int WatchedIterations = 96;
    private static readonly TimeSpan JobPatience = TimeSpan.FromMinutes(8);
    private static readonly SemaphoreSlim Once = new(1, 1);
    private static (string Id, byte[] Model)? _uninterrupted;

    [Fact]
    public async Task ATrainingJobStoresAModelWhoseLossFell_AndStatusNamesIt()
    {
        var (id, model) = await UninterruptedAsync();

        using var temp = new TempFolder();
        File.WriteAllBytes(temp.File("model.safetensors"), model);
        var header = NetworkModelFile.ReadHeader(temp.File("model.safetensors"));
        using (NetworkModelFile.Load(temp.File("model.safetensors"))) { }
        Assert.Equal(Iterations, header.IterationsTrained);
        Assert.Equal((8, 1), (header.Architecture.Channels, header.Architecture.ResidualBlocks));
        var curve = header.LossCurve;
        double Mean(IEnumerable<LossPoint> points) => points.Average(p => p.Total);
        var (first, last) = (Mean(curve.Take(4)), Mean(curve.TakeLast(4)));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"training loss, mean of the first 4 iterations {first:G4} → last 4 {last:G4}"));
        Assert.True(last < 0.8 * first, $"the training loss did not fall: {first} → {last}");

        var status = StyleFarmCli.Run(["status", id, .. farm.Server]);
        Assert.True(status.ExitCode == 0, status.Stderr);
        Assert.Contains($"training  iteration {Iterations}/{Iterations}", status.Stdout);
        Assert.Contains($"model     job:{id}/tiny.safetensors", status.Stdout);
        var view = await farm.JobAsync(id);
        Assert.Equal($"job:{id}/tiny.safetensors", view.Training!.Model);
        // The rate counts from the first iteration done: faster than the whole attempt's, whose start-up loads the network and data.
        var train = (await farm.TasksAsync(id)).Single(t => t.Kind == TaskKind.Train);
        var attempt = (train.UpdatedAt - train.StartedAt!.Value).TotalSeconds;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{view.Training.IterationsPerSecond:0.##} iterations/s; {Iterations / attempt:0.##} over the whole {attempt:0.#} s attempt"));
        Assert.True(view.Training.IterationsPerSecond > Iterations / attempt, $"{view.Training.IterationsPerSecond} iterations/s, {Iterations / attempt} over the whole attempt");
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"{view.Training.IterationsPerSecond:0.##} iterations/s"), status.Stdout);
        Assert.Equal(header.LossCurve.Count, view.Training.Curve.Count);
        // The dashboard's job page draws its loss curve from the same points.
        using (var page = System.Text.Json.JsonDocument.Parse(await farm.Http.GetStringAsync($"/dashboard/data/jobs/{id}")))
        {
            var drawn = page.RootElement.GetProperty("job").GetProperty("training").GetProperty("curve");
            Assert.Equal(header.LossCurve.Count, drawn.GetArrayLength());
            Assert.Equal(header.LossCurve[^1].Style, drawn[drawn.GetArrayLength() - 1].GetProperty("style").GetDouble(), 6);
        }
        // Committed only whole: the temporary upload and the checkpoint are gone.
        var store = farm.Artifacts();
        Assert.False(await store.ExistsAsync(TrainingArtifacts.PartialModelOf(JobId.Parse(id))));
        Assert.False(await store.ExistsAsync(TrainingArtifacts.CheckpointOf(JobId.Parse(id))));
    }

    [Fact]
    public async Task NetworkRenderWithTheStoredModel_CutIntoTwoSegments_WritesEveryFrameAndReportsTheSeams()
    {
        var (id, _) = await UninterruptedAsync();
        farm.Up();
        var outputPath = farm.File("network.mkv");
        var submitted = StyleFarmCli.Run(["submit", farm.Clip, "--method", "network", "--model", $"job:{id}/tiny.safetensors", "-o", outputPath,
            "--segment-length", "6", "--halo", "2", .. farm.Server]);
        Assert.True(submitted.ExitCode == 0, submitted.Stderr);
        var render = submitted.Stdout.Trim();

        var job = await farm.WaitForEndAsync(render, JobPatience);

        Assert.True(job.State == JobState.Succeeded, await farm.DescribeAsync(render));
        Assert.Equal(2, (await farm.TasksAsync(render)).Count(t => t.Kind == TaskKind.Stylize));
        var info = VideoProbe.Probe(outputPath);
        Assert.Equal((LocalFarm.ClipFrames, 64, 48), (info.FrameCount, info.Width, info.Height));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"network render on the farm, 2 segments (L = 6, h = 2): seam ratio {job.SeamRatio:0.###}"));
        // Measured and reported, as the local network render does; not bounded: one seam pair against ten inside pairs of a
        // 32-iteration model measured 0.80 (16 iterations) and 1.45 (32), too few pairs and too little training for a bound.
        Assert.True(job.SeamRatio is > 0 and < double.PositiveInfinity, $"seam ratio {job.SeamRatio}");
    }

    [Fact]
    public async Task ATrainingTaskWhoseSiloIsKilledAfterACheckpoint_ResumesFromItAndStoresTheSameModel()
    {
        var uninterrupted = UninterruptedAsync();
        farm.Up();
        var data = PhotoFolder();
        var id = SubmitTraining(data);
        var clock = Stopwatch.StartNew();
        // Watched in the store itself (the API's answers lag on a loaded machine): the first checkpoint, then the kill at once.
        var store = farm.Artifacts();
        var checkpoint = TrainingArtifacts.CheckpointOf(JobId.Parse(id));
        await LocalFarm.PollAsync(async () => await store.ExistsAsync(checkpoint) ? "stored" : null, JobPatience, "a stored checkpoint", TimeSpan.FromMilliseconds(50));
        var task = (await farm.TasksAsync(id)).Single(t => t.Kind == TaskKind.Train);
        var victim = farm.Ps().Silos.Single(s => s.Name == task.Silo);
        output.WriteLine($"after {clock.Elapsed.TotalSeconds:0} s, a checkpoint stored: SIGKILL of {victim.Name} (pid {victim.Pid}) running {task.Key}");
        Assert.True(LocalProcess.Signal(victim.Pid, LocalProcess.SigKill), $"no process {victim.Pid}");
        Assert.True(await LocalProcess.WaitGoneAsync(victim.Pid, TimeSpan.FromSeconds(60)), $"{victim.Name} outlived SIGKILL");
        // The silo serving the API may be the one killed: `cluster up` brings it back under its name.
        farm.Up();

        var job = await farm.WaitForEndAsync(id, JobPatience);

        Assert.True(job.State == JobState.Succeeded, await farm.DescribeAsync(id));
        var retried = (await farm.TasksAsync(id)).Single(t => t.Kind == TaskKind.Train);
        Assert.True(retried.Attempts >= 2, $"the task was not retried (it finished before the kill?): {await farm.DescribeAsync(id)}");
        // Read from the store itself: the API's view leaves the status at iteration 0 when a read of the store fails.
        var stored = (await TrainingArtifacts.ReadStatusAsync(farm.Artifacts(), JobId.Parse(id), CancellationToken.None))!;
        Assert.True(stored.ResumedFrom >= CheckpointEvery, $"the retried task started over: {stored}; {await farm.DescribeAsync(id)}; silo logs: {TrainLines()}");
        Assert.Equal(Iterations, stored.Iteration);
        output.WriteLine($"resumed from the checkpoint at iteration {stored.ResumedFrom}; {await farm.DescribeAsync(id)}");
        var model = await farm.Artifacts().GetAsync(StoredModel.KeyOf(JobId.Parse(id), "tiny.safetensors"));
        var reference = (await uninterrupted).Model;
        Assert.True(model.AsSpan().SequenceEqual(reference), "the resumed run's model differs from the uninterrupted run's");
    }

    [Fact]
    public async Task WatchFollowsATrainingJob_ItsIterationsLossTermsRateAndEta_AndNamesTheStoredModelWhenDone()
    {
        farm.Up();
        // Longer than the shared job, so that watch (refreshing every second) sees the iteration move several times.
        var id = SubmitTraining(PhotoFolder(), WatchedIterations);
        using var watch = Process.Start(StyleFarmCli.StartInfo(["watch", id, "--refresh", "1", .. farm.Server]))!;
        var lines = new List<string>();
        watch.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (lines) lines.Add(e.Data);
        };
        var stderr = watch.StandardError.ReadToEndAsync();
        watch.BeginOutputReadLine();
        using (var patience = new CancellationTokenSource(JobPatience)) await watch.WaitForExitAsync(patience.Token);
        var stored = (await TrainingArtifacts.ReadStatusAsync(farm.Artifacts(), JobId.Parse(id), CancellationToken.None))!;
        var model = $"job:{id}/tiny.safetensors";

        Assert.True(watch.ExitCode == 0, await stderr);
        lock (lines) foreach (var line in lines) output.WriteLine($"watch: {line}");
        var number = @"[-+0-9.eE]+";
        var progress = new Regex(
            $@"^\d\d:\d\d:\d\d (Planning|Running|Succeeded): iteration (?<it>\d+)/{WatchedIterations}(, loss {number} \(content {number}, style {number}, temporal {number}, tv {number}\))?" +
            $@"(, model {Regex.Escape(model)})?, tasks [01]/1(, (?<rate>{number}) it/s)?(, ETA (?<eta>.+))?$");
        List<Match> shown;
        lock (lines) shown = lines.Select(l => progress.Match(l)).Where(m => m.Success).ToList();
        Assert.True(shown.Count >= 3, $"watch printed {shown.Count} progress lines");
        var iterations = shown.Select(m => int.Parse(m.Groups["it"].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(iterations.Order(), iterations);
        // Measured while watching: a rate and the time left, once the iteration moved between two refreshes.
        var paced = shown.Where(m => m.Groups["rate"].Success).ToList();
        Assert.NotEmpty(paced);
        Assert.All(paced, m => Assert.True(double.Parse(m.Groups["rate"].Value, CultureInfo.InvariantCulture) > 0, m.Value));
        Assert.All(paced, m => Assert.Matches(@"^(\d+h \d\dm|\d+m \d\ds|\d+s)$", m.Groups["eta"].Value));
        lock (lines)
        {
            // The last progress line is the stored status itself: the final loss terms and the model's name.
            Assert.EndsWith($" Succeeded: iteration {WatchedIterations}/{WatchedIterations}, {Cli.JobProgress.LossText(stored.Latest!)}, model {model}, tasks 1/1", lines[^2]);
            Assert.Equal($"job {id} succeeded: model {model} (render with: stylefarm submit --method network --model {model})", lines[^1]);
        }
    }

    [Theory]
    [InlineData("missing", "training data folder not found")]
    [InlineData("empty", "no training data")]
    [InlineData("style", "is not an image")]
    public async Task BadTrainingInput_IsRefusedAtSubmitWithOneLine_AndNothingIsQueued(string problem, string message)
    {
        farm.Up();
        var before = (await farm.Http.GetFromJsonAsync("/api/jobs", ApiJsonContext.Default.IReadOnlyListJobSummary))!.Count;
        var data = problem switch
        {
            "missing" => farm.File("no-such-folder"),
            "empty" => Directory.CreateDirectory(farm.File("empty-data")).FullName,
            _ => PhotoFolder(),
        };
        var style = LocalFarm.StyleImage;
        if (problem == "style")
        {
            style = farm.File("style.png");
            File.WriteAllText(style, "not an image");
        }

        var result = StyleFarmCli.Run([.. TrainArguments(data, style), .. farm.Server]);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("stylefarm: error:", line);
        Assert.Contains(message, line);
        Assert.Equal(before, (await farm.Http.GetFromJsonAsync("/api/jobs", ApiJsonContext.Default.IReadOnlyListJobSummary))!.Count);
    }

    [Theory]
    [InlineData("malformed", "is not a stored model's name")]
    [InlineData("unknown", "which this farm does not know")]
    [InlineData("render", "which renders video and trains no model")]
    [InlineData("name", "stored its model as tiny.safetensors, not other.safetensors: give job:")]
    [InlineData("running", "is not stored yet: its training job")]
    public async Task ANetworkJobWhoseStoredModelCannotBeUsed_IsRefusedAtSubmitWithOneLine_AndNothingIsQueued(string problem, string message)
    {
        farm.Up();
        string? training = null;
        var reference = problem switch
        {
            "malformed" => "job:not-a-job/tiny.safetensors",
            "unknown" => $"job:{JobId.New(TimeProvider.System)}/tiny.safetensors",
            // A render's output is a path; a training job's a model name.
            "render" => $"job:{(await farm.Http.GetFromJsonAsync("/api/jobs", ApiJsonContext.Default.IReadOnlyListJobSummary))!.First(j => j.Output.StartsWith('/')).Id}/tiny.safetensors",
            "name" => $"job:{(await UninterruptedAsync()).Id}/other.safetensors",
            // Long enough to be still training when the render is submitted; cancelled below.
            _ => $"job:{training = SubmitTraining(PhotoFolder(), iterations: 5000)}/tiny.safetensors",
        };
        var before = (await farm.Http.GetFromJsonAsync("/api/jobs", ApiJsonContext.Default.IReadOnlyListJobSummary))!.Count;

        var result = StyleFarmCli.Run(["submit", farm.Clip, "--method", "network", "--model", reference, "-o", farm.File("refused.mkv"), .. farm.Server]);

        var after = (await farm.Http.GetFromJsonAsync("/api/jobs", ApiJsonContext.Default.IReadOnlyListJobSummary))!.Count;
        if (training is not null) Assert.Equal(0, StyleFarmCli.Run(["cancel", training, .. farm.Server]).ExitCode);
        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        output.WriteLine(line);
        Assert.StartsWith("stylefarm: error:", line);
        Assert.Contains(message, line);
        Assert.Equal(before, after);
    }

    // The uninterrupted training job, run once for the tests that need it.
    private async Task<(string Id, byte[] Model)> UninterruptedAsync()
    {
        await Once.WaitAsync();
        try
        {
            if (_uninterrupted is { } done) return done;
            farm.Up();
            var id = SubmitTraining(PhotoFolder());
            var clock = Stopwatch.StartNew();
            var job = await farm.WaitForEndAsync(id, JobPatience);
            Assert.True(job.State == JobState.Succeeded, await farm.DescribeAsync(id));
            output.WriteLine($"training job {id}: {Iterations} iterations in {clock.Elapsed.TotalSeconds:0} s");
            var model = await farm.Artifacts().GetAsync(StoredModel.KeyOf(JobId.Parse(id), "tiny.safetensors"));
            _uninterrupted = (id, model);
            return (id, model);
        }
        finally
        {
            Once.Release();
        }
    }

    private string SubmitTraining(string data, int iterations = Iterations)
    {
        var submitted = StyleFarmCli.Run([.. TrainArguments(data, LocalFarm.StyleImage, iterations), .. farm.Server]);
        Assert.True(submitted.ExitCode == 0, submitted.Stderr);
        return submitted.Stdout.Trim();
    }

    private static string[] TrainArguments(string data, string style, int iterations = Iterations) =>
    [
        "submit", "--train", "--cpu", "--style", style, "--data", data, "-o", "tiny.safetensors", "--iterations", iterations.ToString(CultureInfo.InvariantCulture),
        "--checkpoint-every", CheckpointEvery.ToString(CultureInfo.InvariantCulture), "--size", "48", "--batch", "1", "--two-frame",
        "--channels", "8", "--residual-blocks", "1", "--learning-rate", "3e-3",
    ];

    // What the silos logged about train tasks, for a failure message.
    private string TrainLines() => string.Join(" | ", Enumerable.Range(0, LocalFarm.SiloCount)
        .SelectMany(i => farm.Log(ClusterLayout.SiloName(i)).Split('\n').Where(l => l.Contains("train", StringComparison.OrdinalIgnoreCase)).TakeLast(8)
            .Select(l => $"silo-{i}: {l.Trim()}")));

    // Two photos in a folder under the farm's input root, the same for every job.
    private string PhotoFolder()
    {
        var folder = Directory.CreateDirectory(farm.File("photos")).FullName;
        foreach (var photo in new[] { "fruits.jpg", "baboon.jpg" })
            if (!File.Exists(Path.Combine(folder, photo))) File.Copy(Path.Combine(LocalFarm.DataFolder, photo), Path.Combine(folder, photo));
        return folder;
    }
}
