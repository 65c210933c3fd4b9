using StyleFarm.Grains.Artifacts;
using StyleFarm.Grains.Jobs;
using StyleFarm.Kernels.Imaging;
using StyleFarm.Kernels.Video;
using StyleFarm.Silo.Storage.Artifacts;
using StyleFarm.Silo.Tests.Artifacts;

namespace StyleFarm.Silo.Tests.Execution;

/// <summary>Inputs and style images given as blob SAS URLs (Azurite), read by ffmpeg with range requests.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class UrlInputTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private readonly TestFarm _farm = new();
    private readonly HttpClient _http = new();
    private AzureBlobOptions _blobs = null!;
    private string _sas = "";

    public async Task InitializeAsync()
    {
        _blobs = AzureTestOptions.For(azurite.Server.Account);
        await new AzureBlobArtifactStore(_blobs, _http).CreateContainerAsync();
        _sas = BlobContainerSas.Create(_blobs.Account, _blobs.Container, Azure.Storage.Sas.BlobContainerSasPermissions.Read, DateTimeOffset.UtcNow.AddHours(1));
    }

    [Fact]
    public async Task AJobWhoseInputAndStyleAreSasUrlsRendersTheFramesOfTheSameJobOnLocalPaths()
    {
        var local = await ExecutionMedia.PanAsync(_farm.PathOf("pan.mkv"), 6, audio: "aac");
        var input = await UploadAsync(local, "films/pan.mkv");
        var style = await UploadAsync(ExecutionMedia.StyleImage, "styles/starry night.jpg");
        var spec = TestFarm.Spec(local, _farm.PathOf("local.mkv"), passes: 1, segmentLength: 6, halo: 0);

        var fromPaths = await _farm.RenderAsync(spec);
        var fromUrls = await _farm.RenderAsync(spec with { Input = input, StyleImages = [style], Output = _farm.PathOf("urls.mkv") });

        Assert.Equal((JobState.Succeeded, JobState.Succeeded), (fromPaths.Job.State, fromUrls.Job.State));
        var expected = await ReadAllAsync(_farm.PathOf("local.mkv"));
        var actual = await ReadAllAsync(_farm.PathOf("urls.mkv"));
        Assert.Equal(6, actual.Count);
        for (var i = 0; i < expected.Count; i++) Assert.Equal(expected[i].Pixels, actual[i].Pixels);
        Assert.Single((await VideoProbe.ProbeAsync(_farm.PathOf("urls.mkv"))).AudioStreams); // the audio came over HTTP too
    }

    [Fact]
    public async Task AUrlOfAMissingBlobFailsTheJobNamingTheUrlButNotItsSignature()
    {
        var missing = BlobUrl("films/missing.mkv");

        var result = await _farm.RenderAsync(TestFarm.Spec(missing, _farm.PathOf("out.mkv"), passes: 1, segmentLength: 4, halo: 0));

        Assert.Equal(JobState.Failed, result.Job.State);
        var error = result.Tasks.Single(t => t.LastError is not null).LastError!;
        Assert.Contains(BlobUrl("films/missing.mkv").Split('?')[0], error);
        Assert.DoesNotContain("sig=", error);
        Assert.False(File.Exists(_farm.PathOf("out.mkv")));
    }

    [Fact]
    public void OtherSchemesAreRefusedSayingWhatSilosRead()
    {
        var error = Assert.Throws<StyleFarm.Silo.Execution.PermanentTaskException>(() =>
            StyleFarm.Silo.Execution.LocalPaths.Require("az://films/pan.mkv", "input"));
        Assert.Contains("local paths or http(s) URLs", error.Message);
    }

    public Task DisposeAsync()
    {
        _farm.Dispose();
        _http.Dispose();
        return Task.CompletedTask;
    }

    private string BlobUrl(string name) =>
        $"{_blobs.Account.BlobEndpoint.AbsoluteUri.TrimEnd('/')}/{_blobs.Container}/{string.Join('/', name.Split('/').Select(Uri.EscapeDataString))}?{_sas.TrimStart('?')}";

    private async Task<string> UploadAsync(string path, string name)
    {
        await new AzureBlobArtifactStore(_blobs, _http).PutAsync(new ArtifactKey(name), await File.ReadAllBytesAsync(path));
        return BlobUrl(name);
    }

    private static async Task<List<RgbFrame>> ReadAllAsync(string path)
    {
        var reader = await VideoReader.OpenAsync(path);
        var frames = new List<RgbFrame>();
        await foreach (var frame in reader.ReadAsync(0, reader.Info.FrameCount)) frames.Add(frame);
        return frames;
    }
}
