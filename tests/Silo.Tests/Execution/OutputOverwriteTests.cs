using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Tasks;
using StyleFarm.Kernels.Video;
using StyleFarm.Silo.Execution;
using StyleFarm.Silo.Paths;
using StyleFarm.Silo.Worker;

namespace StyleFarm.Silo.Tests.Execution;

/// <summary>
/// The encode task on the silo that writes the output (issue 11, item 2): it trusts no API, so it checks the roots
/// again and refuses an output that appeared after submission unless the job says overwrite; a retried encode of the
/// same job may replace the output it committed itself.
/// </summary>
public sealed class OutputOverwriteTests : IDisposable
{
    private static readonly float[] Levels = [0.1f, 0.2f, 0.3f, 0.6f];

    private readonly TestFarm _farm = new();

    private async Task<TaskOutcome> EncodeAsync(JobSpec spec, PathPolicy? paths = null)
    {
        var job = await FinishedJob.WriteAsync(_farm, spec, Levels, 64, 48);
        return await EncodeAsync(job, paths);
    }

    private async Task<TaskOutcome> EncodeAsync(Job job, PathPolicy? paths = null)
    {
        var encode = new TaskGraphBuilder(new TaskGraphOptions()).Build(job.Id, job.Spec, job.Plan!).Tasks.Single(t => t.Kind == TaskKind.Encode);
        return await new EncodeExecutor(_farm.Services(paths: paths)).ExecuteAsync(new TaskContext(job, TaskRecord.New(encode, DateTimeOffset.UnixEpoch)), CancellationToken.None);
    }

    private async Task<JobSpec> SpecAsync(string output, bool overwrite = false) =>
        TestFarm.Spec(await ExecutionMedia.PanAsync(_farm.PathOf($"pan-{Guid.NewGuid():N}.mkv"), Levels.Length), output, passes: 1, segmentLength: 4, halo: 0) with { Overwrite = overwrite };

    [Fact]
    public async Task AnOutputThatAppearedAfterSubmissionIsRefusedAndKept()
    {
        var output = _farm.PathOf("film.mkv");
        var spec = await SpecAsync(output);
        await File.WriteAllTextAsync(output, "someone's film");

        var error = await Assert.ThrowsAsync<PermanentTaskException>(() => EncodeAsync(spec));

        Assert.Equal($"the output {output} already exists: choose another name, or submit with --overwrite to replace it", error.Message);
        Assert.Equal("someone's film", await File.ReadAllTextAsync(output));
    }

    [Fact]
    public async Task WithOverwriteTheExistingOutputIsReplaced()
    {
        var output = _farm.PathOf("film.mkv");
        var spec = await SpecAsync(output, overwrite: true);
        await File.WriteAllTextAsync(output, "someone's film");

        await EncodeAsync(spec);

        Assert.Equal(Levels.Length, VideoReader.Open(output).Info.FrameCount);
    }

    [Fact]
    public async Task ARetriedEncodeOfTheSameJobReplacesItsOwnOutput()
    {
        var output = _farm.PathOf("film.mkv");
        var job = await FinishedJob.WriteAsync(_farm, await SpecAsync(output), Levels, 64, 48);
        await EncodeAsync(job);
        var first = await FramesAsync(output);

        await EncodeAsync(job);

        Assert.Equal(first, await FramesAsync(output));
    }

    [Fact]
    public async Task AnOutputPatternWhoseFolderGainedAFrameIsRefused()
    {
        Directory.CreateDirectory(_farm.PathOf("frames"));
        var output = Path.Combine(_farm.PathOf("frames"), "%05d.png");
        var spec = await SpecAsync(output);
        await File.WriteAllTextAsync(_farm.PathOf("frames/00002.png"), "someone's frame");

        var error = await Assert.ThrowsAsync<PermanentTaskException>(() => EncodeAsync(spec));

        Assert.StartsWith($"the output folder {_farm.PathOf("frames")} already holds frames of %05d.png (such as 00002.png)", error.Message);
        Assert.Equal(["00002.png"], Directory.EnumerateFileSystemEntries(_farm.PathOf("frames")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task ATaskChecksTheRootsAgainWhateverTheApiAccepted()
    {
        var output = _farm.PathOf("film.mkv");
        var spec = await SpecAsync(output);
        var elsewhere = Directory.CreateTempSubdirectory("stylefarm-roots-").FullName;
        try
        {
            var error = await Assert.ThrowsAsync<PermanentTaskException>(() => EncodeAsync(spec, PathPolicy.Under(new PathRoots { Input = [elsewhere], Output = [elsewhere] })));

            Assert.Equal($"the input {spec.Input} is outside this farm's input roots ({elsewhere}): give a path under one of them, without '..' or symlinks that lead out", error.Message);
            Assert.False(File.Exists(output));
        }
        finally
        {
            Directory.Delete(elsewhere);
        }
    }

    // The decoded pixels (the container's bytes carry the encoder's own variations).
    private static async Task<List<byte[]>> FramesAsync(string path)
    {
        var reader = VideoReader.Open(path);
        var frames = new List<byte[]>();
        await foreach (var frame in reader.ReadAsync(0, reader.Info.FrameCount)) frames.Add(frame.Pixels);
        return frames;
    }

    public void Dispose() => _farm.Dispose();
}
