using System.Net;
using System.Net.Http.Json;
using StyleFarm.Grains.Silos;
using StyleFarm.Silo.Api;
using StyleFarm.Silo.Hosting;
using StyleFarm.Silo.Tests.Artifacts;
using StyleFarm.Silo.Worker;

namespace StyleFarm.Silo.Tests.Api;

/// <summary>
/// Issue 11, items 3–6: the API's submit runs the same check as `render` (<c>JobPreflight</c>) before anything is
/// queued. Each bad request answers 400 (413 for a body over the limit) with one short line saying why, and stores
/// nothing; before the fix each of these returned a job id and failed a second later (or never).
/// </summary>
public sealed class SubmitPreflightTests : IAsyncLifetime
{
    private TestSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync(SiloRoles.Api);

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    private static SubmitJobRequest Good => ApiJson.Spec();

    private static IReadOnlyDictionary<string, string> Parameter(string name, string value) => new Dictionary<string, string> { [name] = value };

    /// <summary>A case's name, the request, and a part of the one-line error it must answer.</summary>
    public static TheoryData<string, SubmitJobRequest, string> BadRequests => new()
    {
        { "missing input", Good with { Input = "/nowhere/film.mp4" }, "the input /nowhere/film.mp4 does not exist" },
        { "input is a folder", Good with { Input = ApiMedia.Root }, "is a folder: give a video file" },
        { "empty input", Good with { Input = ApiMedia.Empty }, "empty.mp4 cannot be read as a video" },
        { "text input", Good with { Input = ApiMedia.Text }, "notes.mp4 cannot be read as a video" },
        { "truncated input", Good with { Input = ApiMedia.Truncated }, "truncated.mkv cannot be read as a video" },
        { "missing style", Good with { StyleImages = ["/nowhere/style.png"] }, "the style image /nowhere/style.png does not exist" },
        { "style is a folder", Good with { StyleImages = [ApiMedia.Root] }, "is a folder: give the path of a PNG or JPEG image" },
        { "style is a text file", Good with { StyleImages = [ApiMedia.Text] }, "is not an image ffmpeg can read" },
        { "second style image is bad", Good with { StyleImages = [ApiMedia.Style, ApiMedia.Empty] }, "empty.mp4 is not an image ffmpeg can read" },
        { "two good style images", Good with { StyleImages = [ApiMedia.Style, ApiMedia.Style] }, "names 2 style images, but this farm stylizes with one" },
        { "17 style images", Good with { StyleImages = Enumerable.Repeat(ApiMedia.Style, 17).ToList() }, "names 17 style images: give at most 16" },
        { "width 0", Good with { Parameters = Parameter("width", "0") }, "render size 0×auto must be positive" },
        { "width 100000", Good with { Parameters = Parameter("width", "100000") }, "render size 100000×auto is too large: a side has at most 16384 pixels" },
        { "iterations -1", Good with { Parameters = Parameter("iterations", "-1") }, "iterations must be ≥ 1" },
        { "unknown parameter", Good with { Parameters = Parameter("stlye_weight", "5") }, "unknown parameter stlye_weight" },
        { "frames 6:50 on a 12-frame clip", Good with { FirstFrame = 6, EndFrame = 50 }, "has 12 frames, so the frame range 6:50 reaches past its end: give a range inside 0:12" },
        { "frames from 100 on a 12-frame clip", Good with { FirstFrame = 100 }, "has 12 frames, so the frame range 100: reaches past its end" },
        { "ftp input", Good with { Input = "ftp://films.example/in.mp4" }, "the input ftp://films.example/in.mp4 is a ftp: URI: give a local path or an http(s) URL" },
        { "s3 style", Good with { StyleImages = ["s3://bucket/style.png"] }, "is a s3: URI" },
        { "relative input", Good with { Input = "films/in.mp4" }, "the input films/in.mp4 is a relative path, which a silo would resolve in its own folder" },
        { "relative output", Good with { Output = "out.mp4" }, "the output out.mp4 is a relative path" },
        { "relative style", Good with { StyleImages = ["starry.jpg"] }, "the style image starry.jpg is a relative path" },
        { "single image output", Good with { Output = Path.Combine(ApiJson.Outputs, "still.png") }, "is a single image, not a video: write frames with a pattern such as" },
        { "webm output", Good with { Output = Path.Combine(ApiJson.Outputs, "film.webm") }, "cannot write H.264" },
        { "unknown flow method", Good with { FlowMethod = "raft" }, "the flow method 'raft' is unknown: use one of dis, deepflow, farneback" },
        { "20 kB input path", Good with { Input = "/" + new string('a', 20_000) }, "has 20001 characters: paths and URLs have at most 4096" },
        { "20 kB parameter value", Good with { Parameters = Parameter("seed", new string('7', 20_000)) }, "parameter seed has a value of 20000 characters" },
        { "100 parameters", Good with { Parameters = Enumerable.Range(0, 100).ToDictionary(i => $"p{i}", i => "1") }, "100 parameter overrides: give at most 64" },
        { "passes 0", Good with { Passes = 0 }, "passes is 0: use 1 … 99" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task ABadSubmitAnswers400WithOneShortLineAndStoresNothing(string name, SubmitJobRequest request, string expected)
    {
        var (status, job, error) = await ApiJson.SubmitAsync(_silo.Http, request);

        Assert.True(status == HttpStatusCode.BadRequest, $"{name}: {status} {job?.Id} {error}");
        Assert.Contains(expected, error);
        Assert.DoesNotContain('\n', error!);
        Assert.True(error!.Length <= 400, $"{name}: the error has {error.Length} characters");
        Assert.Equal("[]", await _silo.Http.GetStringAsync("/api/jobs"));
    }

    public static TheoryData<string, string, string> BadBodies => new()
    {
        { "halo as a word", """{"halo":"four"}""", "field 'halo' must be a whole number" },
        { "passes too big for an int", """{"passes":99999999999}""", "field 'passes' must be a whole number" },
        { "style images as a string", """{"styleImages":"/s.png"}""", "field 'styleImages' must be a list of strings" },
        { "requireGpu as a number", """{"requireGpu":1}""", "field 'requireGpu' must be true or false" },
        { "misspelt field", """{"stlyeImages":["/s.png"]}""", "unknown field 'stlyeImages'" },
        { "not JSON", """{"input":""", "malformed JSON at line 1" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task ABadBodySaysWhichFieldInPlainWordsWithoutDotNetTypeNames(string name, string body, string expected)
    {
        using var response = await _silo.Http.PostAsync("/api/jobs", ApiJson.Body(body));
        var error = await ApiJson.ErrorOf(response);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {response.StatusCode} {error}");
        Assert.True(error.Contains(expected, StringComparison.Ordinal), $"{name}: {error}");
        Assert.DoesNotContain("System.", error);
        Assert.DoesNotContain('\n', error);
    }

    [Fact]
    public async Task ABodyOverOneMebibyteAnswers413WithOneLine_NotA500()
    {
        var huge = System.Text.Json.JsonSerializer.Serialize(Good with { Input = "/" + new string('a', 2 << 20) }, ApiJsonContext.Default.SubmitJobRequest);

        // A StringContent sends its Content-Length, so the route refuses it before reading.
        using var response = await _silo.Http.PostAsync("/api/jobs", ApiJson.Body(huge));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal($"the request body has {huge.Length} bytes, which is over the limit of 1048576 bytes: send a job spec, not data", await ApiJson.ErrorOf(response));
        Assert.Equal("[]", await _silo.Http.GetStringAsync("/api/jobs"));
    }

    [Fact]
    public async Task AChunkedBodyOverOneMebibyteAnswers413Too()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(Good with { Input = "/" + new string('a', 2 << 20) }, ApiJsonContext.Default.SubmitJobRequest);
        using var content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/jobs") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _silo.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("over the limit of 1048576 bytes", await ApiJson.ErrorOf(response));
    }

    [Fact]
    public async Task AFileUriInputIsStoredAsItsPath()
    {
        var (status, job, error) = await ApiJson.SubmitAsync(_silo.Http, Good with { Input = new Uri(ApiMedia.Clip).AbsoluteUri });

        Assert.True(status == HttpStatusCode.Created, error);
        Assert.Equal(ApiMedia.Clip, job!.Input);
    }

    [Fact]
    public async Task AGoodSubmitAfterTheRefusalsIsStillAccepted()
    {
        await ApiJson.SubmitAsync(_silo.Http, Good with { Input = ApiMedia.Text });

        var (status, job, error) = await ApiJson.SubmitAsync(_silo.Http, Good with { FirstFrame = 4, EndFrame = 12 });

        Assert.True(status == HttpStatusCode.Created, error);
        Assert.Equal((4, (int?)12), (job!.FirstFrame, job.EndFrame));
    }
}

/// <summary>
/// Issue 11, item 3: a job no live silo can take (too big for every worker's memory, or asking for a GPU on a CPU farm)
/// is refused at submit with the figures, instead of sitting in Running forever.
/// </summary>
public sealed class SubmitCapacityTests : IAsyncLifetime
{
    private const long OneGigabyte = 1_000_000_000;
    private readonly TempFolder _folder = new();
    private TestSilo _silo = null!;

    public async Task InitializeAsync()
    {
        // A worker silo that offers 1 GB and no GPU; the refused jobs never reach it.
        _silo = await OfferingSilo.StartAsync(_folder.Path, new WorkerCapabilities(0, 0, OneGigabyte));
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task AJobBiggerThanEveryWorkersMemoryIsRefusedWithTheFigures()
    {
        // 1024×768: 0.5 GiB + 786,432 pixels × 4096 B = 3.8 GB a frame.
        var (status, _, error) = await ApiJson.SubmitAsync(_silo.Http, ApiJson.Spec() with { Parameters = new Dictionary<string, string> { ["width"] = "1024" } });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("the job needs 3.8 GB of memory per frame at 1024×768, but the largest silo has 1 GB", error);
        Assert.Equal("[]", await _silo.Http.GetStringAsync("/api/jobs"));
    }

    [Fact]
    public async Task AGpuJobOnAFarmWithoutAGpuIsRefused()
    {
        var (status, _, error) = await ApiJson.SubmitAsync(_silo.Http, ApiJson.Spec() with { RequireGpu = true });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("the job requires a GPU, but none of the 1 live worker silo(s) has one", error);
        Assert.Equal("[]", await _silo.Http.GetStringAsync("/api/jobs"));
    }
}

/// <summary>
/// Issue 13, item 3a: a training job's memory (4 GiB; GPU memory unless --cpu) is held against the live silos at submit,
/// so a run no silo can take is refused with the need and the largest silo named, instead of waiting in Running forever.
/// </summary>
public sealed class SubmitTrainingCapacityTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private TestSilo _silo = null!;

    public async Task InitializeAsync()
    {
        // A worker silo that offers one GPU of 2 GiB and 64 GiB of host memory; the refused jobs never reach it.
        _silo = await OfferingSilo.StartAsync(_folder.Path, new WorkerCapabilities(1, 2L << 30, 64L << 30));
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task AGpuTrainingJobLargerThanEveryGpuIsRefusedNamingTheNeedAndTheLargestSilo()
    {
        var photos = Directory.CreateDirectory(Path.Combine(_folder.Path, "photos")).FullName;
        File.Copy("/usr/share/doc/opencv-doc/examples/data/fruits.jpg", Path.Combine(photos, "fruits.jpg"));
        var training = new Kernels.Network.Training.TrainingOptions { Iterations = 8 };

        var (status, _, error) = await ApiJson.SubmitAsync(_silo.Http, ApiJson.Spec(preset: "train", input: photos) with
        {
            Output = "big.safetensors",
            RequireGpu = true,
            Training = new Grains.Jobs.TrainingJob { DataFolders = [photos], Options = StyleFarm.Silo.Execution.TrainingJobOptions.ToJson(training) },
        });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("the job spec is invalid: the training job needs 4.3 GB of GPU memory, but the largest silo, test-silo, has 2.1 GB: " +
                     "start a silo with a larger GPU, or train on the CPU with --cpu", error);
        Assert.Equal("[]", await _silo.Http.GetStringAsync("/api/jobs"));
    }
}

/// <summary>An API and worker silo in <c>folder</c> that offers <c>capabilities</c> (the capacity tests' farm of one).</summary>
internal static class OfferingSilo
{
    public static Task<TestSilo> StartAsync(string folder, WorkerCapabilities capabilities)
    {
        var options = TestSilo.Options(SiloRoles.Api | SiloRoles.Worker, folder) with
        {
            Capabilities = capabilities,
            CacheFolder = Path.Combine(folder, "flow"),
            ModelsFolder = Path.Combine(folder, "models"),
        };
        return TestSilo.StartAsync(SiloRoles.Api | SiloRoles.Worker, options, new SiloPlugins(new WorkerRoleFactory(), null));
    }
}
