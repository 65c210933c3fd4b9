using System.Security.Cryptography;
using StyleFarm.Kernels.Models;

namespace StyleFarm.Kernels.Tests.Models;

public sealed class ModelStoreTests : IDisposable
{
    // conv1_1 3→2, pool1, conv2_1 2→3: weights of 54, 2, 54 and 3 floats.
    private static readonly FeatureNetworkLayout Tiny = new("tiny", [[2], [3]], "relu2_1");

    private readonly TempFolder _folder = new();
    private readonly HttpClient _http = new();
    private readonly ModelStore _store;

    public ModelStoreTests()
    {
        _store = new ModelStore(new ModelStoreOptions { Folder = _folder.File("models") }, new ModelCatalog([Tiny]), _http);
    }

    public void Dispose()
    {
        _http.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task InstallFromPathCopiesTheFileAndReturnsItsSha256()
    {
        var source = WriteTiny("tiny.safetensors", scale: 1f);
        var result = await _store.InstallAsync("tiny", source);
        var expectedSha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(source)));
        Assert.Equal(expectedSha, result.Sha256);
        Assert.False(result.AlreadyInstalled);
        Assert.Equal(_folder.File("models/tiny.safetensors"), result.Path);
        Assert.Equal(new FileInfo(source).Length, result.Bytes);
        Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(result.Path));
        Assert.Equal(result.Path, _store.TryGet("tiny"));
        Assert.Equal(["tiny.safetensors"], FilesInStore());
    }

    [Fact]
    public async Task InstallingTheSameFileAgainIsANoOpThatReportsAlreadyInstalled()
    {
        var source = WriteTiny("tiny.safetensors", scale: 1f);
        var first = await _store.InstallAsync("tiny", source);
        var writtenAt = File.GetLastWriteTimeUtc(first.Path);
        var second = await _store.InstallAsync("tiny", source);
        Assert.True(second.AlreadyInstalled);
        Assert.Equal(first.Sha256, second.Sha256);
        Assert.Equal(writtenAt, File.GetLastWriteTimeUtc(second.Path));
        Assert.Equal(["tiny.safetensors"], FilesInStore());
    }

    [Fact]
    public async Task InstallingADifferentValidFileReplacesTheInstalledOne()
    {
        await _store.InstallAsync("tiny", WriteTiny("a.safetensors", scale: 1f));
        var b = WriteTiny("b.safetensors", scale: 2f);
        var result = await _store.InstallAsync("tiny", b);
        Assert.False(result.AlreadyInstalled);
        Assert.Equal(File.ReadAllBytes(b), File.ReadAllBytes(result.Path));
        using var weights = _store.OpenWeights("tiny", randomSeed: 0);
        Assert.False(weights.IsRandom);
        Assert.Equal(2f * 1, weights.Read("features.0.bias")[1]);
    }

    [Fact]
    public async Task FileWithOneWrongShapeIsRejectedNamingTheTensorAndBothShapesAndNothingIsInstalled()
    {
        var source = _folder.File("wrong.safetensors");
        TinyWriter(1f, skip: "features.3.weight")
            .Add("features.3.weight", [3, 3, 3, 3], new float[81])
            .Write(source);
        var e = await Assert.ThrowsAsync<InvalidModelFileException>(() => _store.InstallAsync("tiny", source));
        Assert.Equal(source, e.FilePath);
        Assert.Equal($"{source}: not tiny weights with torchvision's key names: tensor 'features.3.weight' has shape [3, 3, 3, 3], expected [3, 2, 3, 3]", e.Message);
        Assert.Null(_store.TryGet("tiny"));
        Assert.Empty(FilesInStore());
    }

    [Fact]
    public async Task MissingTensorsAndIntegerDtypesAreAllListed()
    {
        var source = _folder.File("partial.safetensors");
        new SafeTensorsWriter()
            .Add("features.0.weight", [2, 3, 3, 3], new float[54])
            .AddBytes("features.0.bias", SafeTensorsDType.I32, [2], new byte[8])
            .Write(source);
        var e = await Assert.ThrowsAsync<InvalidModelFileException>(() => _store.InstallAsync("tiny", source));
        Assert.Equal(
            "not tiny weights with torchvision's key names: tensor 'features.0.bias' has dtype I32, expected a floating-point type (F32, F16, BF16 or F64); " +
            "tensor 'features.3.weight' is missing (expected shape [3, 2, 3, 3]); tensor 'features.3.bias' is missing (expected shape [3])",
            e.Problem);
        Assert.Empty(FilesInStore());
    }

    [Fact]
    public async Task ExtraTensorsAndHalfPrecisionWeightsAreAccepted()
    {
        var source = _folder.File("extra.safetensors");
        new SafeTensorsWriter()
            .Add("features.0.weight", SafeTensorsDType.F16, [2, 3, 3, 3], Enumerable.Repeat(0.5f, 54).ToArray())
            .Add("features.0.bias", SafeTensorsDType.BF16, [2], [1f, -1f])
            .Add("features.3.weight", [3, 2, 3, 3], new float[54])
            .Add("features.3.bias", [3], [1f, 2f, 3f])
            .Add("classifier.0.weight", [4, 2], new float[8])
            .Write(source);
        var result = await _store.InstallAsync("tiny", source);
        using var weights = _store.OpenWeights("tiny", randomSeed: 0);
        Assert.Equal(Enumerable.Repeat(0.5f, 54), weights.Read("features.0.weight"));
        Assert.Equal([1f, -1f], weights.Read("features.0.bias"));
        Assert.Equal($"tiny weights from {result.Path}", weights.Description);
    }

    [Fact]
    public async Task MalformedSourceIsReportedUnderTheSourceNameNotTheTemporaryCopy()
    {
        var source = _folder.File("garbage.safetensors");
        RawSafeTensors.Write(source, "[]", []);
        var e = await Assert.ThrowsAsync<InvalidModelFileException>(() => _store.InstallAsync("tiny", source));
        Assert.Equal($"{source}: the header is a JSON array, not an object mapping tensor names to entries", e.Message);
        Assert.Empty(FilesInStore());
    }

    [Fact]
    public async Task MissingSourceFileGivesFileNotFoundAndInstallsNothing()
    {
        var source = _folder.File("absent.safetensors");
        var e = await Assert.ThrowsAsync<FileNotFoundException>(() => _store.InstallAsync("tiny", source));
        Assert.Equal($"weights file not found: {source}", e.Message);
        Assert.Empty(FilesInStore());
    }

    [Fact]
    public async Task UnknownModelNameIsRejectedListingTheKnownOnes()
    {
        var store = new ModelStore(new ModelStoreOptions { Folder = _folder.File("models") }, ModelCatalog.Default, _http);
        var e = await Assert.ThrowsAsync<ArgumentException>(() => store.InstallAsync("resnet50", WriteTiny("t.safetensors", 1f)));
        Assert.StartsWith("unknown model 'resnet50'; known models: vgg19, vgg16", e.Message);
        Assert.Throws<ArgumentException>(() => store.TryGet("vgg18"));
    }

    [Fact]
    public async Task InstallFromUrlDownloadsValidatesAndHashesTheFile()
    {
        var bytes = File.ReadAllBytes(WriteTiny("served.safetensors", scale: 3f));
        using var server = new LoopbackFileServer(new Dictionary<string, byte[]> { ["/weights/tiny.safetensors"] = bytes });
        var result = await _store.InstallAsync("tiny", server.BaseUrl + "weights/tiny.safetensors");
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), result.Sha256);
        Assert.Equal(bytes, File.ReadAllBytes(result.Path));
        Assert.Equal(["/weights/tiny.safetensors"], server.Requests);
        var again = await _store.InstallAsync("tiny", server.BaseUrl + "weights/tiny.safetensors");
        Assert.True(again.AlreadyInstalled);
    }

    [Fact]
    public async Task UrlAnswering404FailsNamingTheUrlAndInstallsNothing()
    {
        using var server = new LoopbackFileServer(new Dictionary<string, byte[]>());
        var url = server.BaseUrl + "missing.safetensors";
        var e = await Assert.ThrowsAsync<HttpRequestException>(() => _store.InstallAsync("tiny", url));
        Assert.Equal($"downloading {url} failed: HTTP 404 Not Found", e.Message);
        Assert.Empty(FilesInStore());
    }

    [Fact]
    public async Task UnsupportedUrlSchemeIsRejected()
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() => _store.InstallAsync("tiny", "ftp://example.org/vgg19.safetensors"));
        Assert.StartsWith("cannot install from 'ftp://example.org/vgg19.safetensors': only file paths and http(s) URLs are supported", e.Message);
    }

    [Fact]
    public async Task ListShowsInstalledModelsOnly()
    {
        var store = new ModelStore(new ModelStoreOptions { Folder = _folder.File("models") },
            new ModelCatalog([Tiny, new FeatureNetworkLayout("other", [[1]], "relu1_1")]), _http);
        Assert.Empty(store.List());
        var result = await store.InstallAsync("tiny", WriteTiny("t.safetensors", 1f));
        var listed = Assert.Single(store.List());
        Assert.Equal("tiny", listed.Name);
        Assert.Equal(result.Path, listed.Path);
        Assert.Equal(result.Bytes, listed.Bytes);
        Assert.Null(store.TryGet("other"));
    }

    [Fact]
    public void WithNothingInstalledOpenWeightsGivesSeededRandomWeightsAndSaysSo()
    {
        using var weights = _store.OpenWeights("tiny", randomSeed: 7);
        Assert.True(weights.IsRandom);
        Assert.Equal("seeded random tiny weights (seed 7): no tiny weights installed (run `stylefarm models install tiny PATH|URL`); results will be of lower quality", weights.Description);
        Assert.Equal(54, weights.Read("features.0.weight").Length);
    }

    [Fact]
    public void DefaultFolderPrefersStylefarmHomeThenXdgDataHomeThenTheUsersHome()
    {
        Assert.Equal("/srv/sf/models", ModelStoreOptions.DefaultFolder(v => v == "STYLEFARM_HOME" ? "/srv/sf" : "/xdg"));
        Assert.Equal("/xdg/stylefarm/models", ModelStoreOptions.DefaultFolder(v => v == "XDG_DATA_HOME" ? "/xdg" : null));
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        Assert.Equal(Path.Combine(home, ".local/share/stylefarm/models"), ModelStoreOptions.DefaultFolder(_ => null));
    }

    private string WriteTiny(string name, float scale)
    {
        var path = _folder.File(name);
        TinyWriter(scale).Write(path);
        return path;
    }

    /// <summary>Valid tiny weights: every value is its index times <paramref name="scale"/>.</summary>
    private static SafeTensorsWriter TinyWriter(float scale, string? skip = null)
    {
        var writer = new SafeTensorsWriter();
        foreach (var t in Tiny.RequiredTensors.Where(t => t.Name != skip))
        {
            var count = (int)TensorShape.ElementCount(t.Shape);
            writer.Add(t.Name, t.Shape, Enumerable.Range(0, count).Select(i => i * scale).ToArray());
        }
        return writer;
    }

    private string[] FilesInStore() =>
        Directory.Exists(_folder.File("models"))
            ? Directory.GetFiles(_folder.File("models")).Select(f => Path.GetFileName(f)).Order().ToArray()
            : [];
}
