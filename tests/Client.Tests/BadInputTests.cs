using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using StyleFarm.Kernels.Video;
using StyleFarm.Silo.Api;

namespace StyleFarm.Client.Tests;

/// <summary>
/// Bad input through every door: `render`, `submit` and the HTTP API refuse it through the one shared check
/// (<c>JobPreflight</c>, the path roots) before anything is planned or queued. Every case asserts one line (one
/// `stylefarm: error:` line and exit code 1; or one short `error` line and the HTTP status), nothing half-written (the
/// case's folder as it was, no job stored), no process left behind (nothing running names the case's folder), and, for
/// the farm, that it takes the next good job.
/// </summary>
public sealed class BadInputTests(FarmSilo farm) : IClassFixture<FarmSilo>
{
    private const string Painting = "/usr/share/doc/opencv-doc/examples/data/starry_night.jpg";

    /// <summary>What stands in a case's arguments for the case's own files.</summary>
    private const string Clip = "{clip}", Folder = "{dir}", Empty = "{empty}", Text = "{text}";

    /// <summary>A case's name, its arguments after INPUT --style STYLE (tokens above are replaced), and a part of its error line.</summary>
    public static TheoryData<string, string[], string> RenderCases => new()
    {
        { "missing input", ["/nowhere/film.mp4", "--style", Painting], "the input /nowhere/film.mp4 does not exist" },
        { "input is a folder", [Folder, "--style", Painting], "is a folder: give a video file or an image-sequence pattern" },
        { "empty input", [Empty, "--style", Painting], "empty.mp4 cannot be read as a video" },
        { "text input", [Text, "--style", Painting], "notes.mp4 cannot be read as a video" },
        { "missing style", [Clip, "--style", "/nowhere/style.png"], "the style image /nowhere/style.png does not exist" },
        { "style is a folder", [Clip, "--style", Folder], "is a folder: give the path of a PNG or JPEG image" },
        { "style is a text file", [Clip, "--style", Text], "is not an image ffmpeg can read" },
        { "width 0", [Clip, "--style", Painting, "--width", "0"], "render size 0×auto must be positive" },
        { "width 100000", [Clip, "--style", Painting, "--width", "100000"], "render size 100000×auto is too large: a side has at most 16384 pixels" },
        { "width 16000 needs more memory than this machine", [Clip, "--style", Painting, "--width", "16000"], "of memory per frame at 16000×12000, but the largest worker on this machine has" },
        { "iterations -1", [Clip, "--style", Painting, "--iterations", "-1"], "iterations must be ≥ 1" },
        { "frames 6:50 on an 8-frame clip", [Clip, "--style", Painting, "--frames", "6:50"], "has 8 frames, so the frame range 6:50 reaches past its end: give a range inside 0:8" },
        { "ftp input", ["ftp://films.example/in.mp4", "--style", Painting], "the input ftp://films.example/in.mp4 is a ftp: URI: give a local path or an http(s) URL" },
        { "single image output", [Clip, "--style", Painting, "-o", "{folder}/still.png"], "is a single image, not a video: write frames with a pattern such as" },
        { "cuda without CUDA", [Clip, "--style", Painting, "--device", "cuda:0"], "--device cuda:0: CUDA is not available here" },
        { "passes not a number", [Clip, "--style", Painting, "--passes", "abc"], "--passes 'abc' is not a whole number" },
        { "unknown option", [Clip, "--style", Painting, "--stlye-weight", "5"], "Unrecognized command or argument '--stlye-weight'" },
        { "output is the input", [Clip, "--style", Painting, "-o", Clip], "is the input" },
        { "output under a file", [Clip, "--style", Painting, "-o", Text + "/film.mp4"], "is a file, not a folder" },
    };

    [Theory]
    [MemberData(nameof(RenderCases))]
    public async Task RenderRefusesBadInputWithOneLineAndLeavesNothing(string name, string[] arguments, string expected)
    {
        using var temp = new TempFolder();
        var files = await CaseFilesAsync(temp);
        var args = arguments.Select(a => files.Aggregate(a, (text, f) => text.Replace(f.Key, f.Value))).ToList();
        if (!args.Contains("-o")) args.AddRange(["-o", temp.File("out.mp4")]);
        Directory.CreateDirectory(temp.File("models"));
        var before = Entries(temp.Path);

        var result = StyleFarmCli.Run(["render", .. args, "--models", temp.File("models")]);

        Assert.True(result.ExitCode == 1, $"{name}: exit {result.ExitCode}: {result.Stderr}");
        var line = Assert.Single(Lines(result.Stderr));
        Assert.StartsWith("stylefarm: error: ", line);
        Assert.Contains(expected, line);
        Assert.DoesNotContain("System.", line);
        Assert.DoesNotContain("run the same command again", line);
        Assert.Equal("", result.Stdout);
        Assert.Equal(before, Entries(temp.Path));
        Assert.Empty(ProcessesNaming(temp.Path));
    }

    [Fact]
    public async Task RenderTakesAFileUriAsItsPath_NotAsARelativePath()
    {
        using var temp = new TempFolder();
        var files = await CaseFilesAsync(temp);
        var uri = new Uri(files[Clip]).AbsoluteUri;

        // A range past the end makes the check name the input as it resolved it, and stops before any work.
        var result = StyleFarmCli.RunIn(temp.Path, "render", uri, "--style", Painting, "-o", "out.mp4", "--frames", "0:9", "--models", temp.File("models"));

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"stylefarm: error: the input {files[Clip]} has 8 frames, so the frame range 0:9 reaches past its end: give a range inside 0:8", result.Stderr.Trim());
    }

    public static TheoryData<string, string[], string> SubmitCases => new()
    {
        { "missing input", ["/nowhere/film.mp4", "--style", Painting], "400 Bad Request: the job spec is invalid: the input /nowhere/film.mp4 does not exist" },
        { "text input", [Text, "--style", Painting], "notes.mp4 cannot be read as a video" },
        { "input is a folder", [Folder, "--style", Painting], "is a folder: give a video file" },
        { "missing style", [Clip, "--style", "/nowhere/style.png"], "the style image /nowhere/style.png does not exist" },
        { "width 0", [Clip, "--style", Painting, "--width", "0"], "render size 0×auto must be positive" },
        { "iterations -1", [Clip, "--style", Painting, "--iterations", "-1"], "iterations must be ≥ 1" },
        { "frames 6:50 on an 8-frame clip", [Clip, "--style", Painting, "--frames", "6:50"], "has 8 frames, so the frame range 6:50 reaches past its end" },
        { "ftp input", ["ftp://films.example/in.mp4", "--style", Painting], "is a ftp: URI: give a local path or an http(s) URL" },
        { "single image output", [Clip, "--style", Painting, "-o", "{folder}/still.png"], "is a single image, not a video" },
        { "relative input that is not there", ["films/in.mp4", "--style", Painting], "{folder}/films/in.mp4 does not exist" },
    };

    [Theory]
    [MemberData(nameof(SubmitCases))]
    public async Task SubmitRefusesBadInputWithOneLineAndQueuesNothing(string name, string[] arguments, string expected)
    {
        using var temp = new TempFolder(farm.Folder); // under the farm's output root
        var files = await CaseFilesAsync(temp);
        string Fill(string text) => files.Aggregate(text, (t, f) => t.Replace(f.Key, f.Value));
        var args = arguments.Select(Fill).ToList();
        if (!args.Contains("-o")) args.AddRange(["-o", temp.File("out.mp4")]);
        var jobsBefore = StyleFarmCli.Run(["status", "--json", .. farm.Server]).Stdout;

        var result = StyleFarmCli.RunIn(temp.Path, ["submit", .. args, "--preset", "preview", .. farm.Server]);

        Assert.True(result.ExitCode == 1, $"{name}: exit {result.ExitCode}: {result.Stdout} {result.Stderr}");
        var line = Assert.Single(Lines(result.Stderr));
        Assert.Contains(Fill(expected), line);
        Assert.Equal("", result.Stdout);
        Assert.Equal(jobsBefore, StyleFarmCli.Run(["status", "--json", .. farm.Server]).Stdout);
        Assert.Empty(ProcessesNaming(temp.Path));
        await AssertTheFarmTakesAGoodJobAsync(files[Clip]);
    }

    /// <summary>A case's name, the request (method, route, body: tokens as above, {out} an output under the farm's root, {taken} a file there), the status, a part of its error.</summary>
    public static TheoryData<string, string[], int, string> ApiCases => new()
    {
        { "body that is not JSON", ["POST", "/api/jobs", "halo"], 400, "the request body is not a JSON job spec" },
        { "empty body", ["POST", "/api/jobs", "null"], 400, "the request body is empty: send a JSON job spec" },
        { "unknown field", ["POST", "/api/jobs", GoodBody[..^1] + ""","colour":"red"}"""], 400, "unknown field 'colour' could not be mapped" },
        { "halo as a word", ["POST", "/api/jobs", GoodBody[..^1] + ""","halo":"four"}"""], 400, "field 'halo' must be a whole number" },
        { "relative input", ["POST", "/api/jobs", GoodBody.Replace("{clip}", "clip.mkv")], 400, "the input clip.mkv is a relative path" },
        { "ftp input", ["POST", "/api/jobs", GoodBody.Replace("{clip}", "ftp://films.example/in.mp4")], 400, "is a ftp: URI" },
        { "missing input", ["POST", "/api/jobs", GoodBody.Replace("{clip}", "/nowhere/film.mp4")], 400, "the input /nowhere/film.mp4 does not exist" },
        { "output outside the roots", ["POST", "/api/jobs", GoodBody.Replace("{out}", "/etc/stylefarm-bad-input.mp4")], 400, "is outside this farm's output roots" },
        { "output that exists", ["POST", "/api/jobs", GoodBody.Replace("{out}", "{taken}")], 400, "already exists: choose another name, or submit with --overwrite" },
        { "17 style images", ["POST", "/api/jobs", GoodBody.Replace("[\"{painting}\"]", "[" + string.Join(",", Enumerable.Repeat("\"{painting}\"", 17)) + "]")], 400, "names 17 style images: give at most 16" },
        { "passes 0", ["POST", "/api/jobs", GoodBody[..^1] + ""","passes":0}"""], 400, "passes is 0: use 1 … 99" },
        { "unknown preset", ["POST", "/api/jobs", GoodBody.Replace("preview", "nope")], 400, "unknown preset 'nope'" },
        { "body over 1 MiB", ["POST", "/api/jobs", GoodBody.Replace("{clip}", "/" + new string('a', 2 << 20))], 413, "" },
        { "malformed job id", ["GET", "/api/jobs/not-a-job", ""], 400, "" },
        { "the all-zero job id", ["GET", "/api/jobs/00000000000000000000000000000000", ""], 404, "" },
        { "cancel of an unknown job", ["POST", "/api/jobs/0123456789abcdef0123456789abcdef/cancel", ""], 404, "" },
    };

    [Theory]
    [MemberData(nameof(ApiCases))]
    public async Task TheApiRefusesBadRequestsWithOneLineAndStoresNothing(string name, string[] request, int status, string expected)
    {
        using var temp = new TempFolder();
        var files = await CaseFilesAsync(temp);
        files["{out}"] = Path.Combine(farm.Folder, $"bad-input-{Guid.NewGuid():N}", "out.mp4");
        files["{taken}"] = Path.Combine(farm.Folder, $"taken-{Guid.NewGuid():N}.mp4");
        File.WriteAllText(files["{taken}"], "someone's film");
        string Fill(string text) => files.Aggregate(text, (t, f) => t.Replace(f.Key, f.Value));
        using var http = Api();
        var jobsBefore = await http.GetStringAsync("/api/jobs");

        using var message = new HttpRequestMessage(new HttpMethod(request[0]), request[1]);
        if (request[2].Length > 0) message.Content = new StringContent(Fill(request[2]), Encoding.UTF8, "application/json");
        using var response = await http.SendAsync(message);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True((int)response.StatusCode == status, $"{name}: {(int)response.StatusCode} {body}");
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error").GetString()!;
        Assert.DoesNotContain('\n', error);
        Assert.True(error.Length <= 400, $"{name}: the error has {error.Length} characters");
        Assert.Contains(Fill(expected), error);
        Assert.DoesNotContain("System.", error);
        Assert.Equal(jobsBefore, await http.GetStringAsync("/api/jobs"));
        Assert.False(Directory.Exists(Path.GetDirectoryName(files["{out}"])), "the refused job's output folder was made");
        Assert.Equal("someone's film", File.ReadAllText(files["{taken}"]));
        Assert.Empty(ProcessesNaming(temp.Path));
        await AssertTheFarmTakesAGoodJobAsync(files[Clip]);
    }

    // A good job for the farm's API, with the case's tokens.
    private const string GoodBody = """{"input":"{clip}","styleImages":["{painting}"],"preset":"preview","output":"{out}"}""";

    private HttpClient Api()
    {
        var http = new HttpClient { BaseAddress = new Uri(farm.Silo.Api), Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", FarmSilo.Token);
        return http;
    }

    // The farm still takes a good job (then cancelled, so nothing waits on it): a refusal left it serving.
    private async Task AssertTheFarmTakesAGoodJobAsync(string clip)
    {
        using var http = Api();
        var body = GoodBody.Replace("{clip}", clip).Replace("{painting}", Painting).Replace("{out}", Path.Combine(farm.Folder, $"good-{Guid.NewGuid():N}.mp4"));
        using var response = await http.PostAsync("/api/jobs", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"the good job after the refusal: {(int)response.StatusCode} {text}");
        var id = JsonDocument.Parse(text).RootElement.GetProperty("id").GetString();
        using var cancelled = await http.PostAsync($"/api/jobs/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
    }

    // Processes whose command line names the case's folder: an ffmpeg or a silo child that outlived the refusal.
    private static List<string> ProcessesNaming(string folder) =>
        Directory.EnumerateDirectories("/proc")
            .Where(d => int.TryParse(Path.GetFileName(d), out var pid) && pid != Environment.ProcessId)
            .Select(d => { try { return File.ReadAllText(Path.Combine(d, "cmdline")).Replace('\0', ' '); } catch (IOException) { return ""; } catch (UnauthorizedAccessException) { return ""; } })
            .Where(c => c.Contains(folder, StringComparison.Ordinal))
            .ToList();

    [Fact]
    public async Task SubmitSendsRelativePathsResolvedInTheClientsFolder()
    {
        using var temp = new TempFolder(farm.Folder); // under the farm's output root
        await CaseFilesAsync(temp);

        var submitted = StyleFarmCli.RunIn(temp.Path, ["submit", "clip.mkv", "--style", Painting, "-o", "renders/out.mp4", "--preset", "preview", "--json", .. farm.Server]);

        Assert.True(submitted.ExitCode == 0, submitted.Stderr);
        var job = JsonSerializer.Deserialize(submitted.Stdout, ApiJsonContext.Default.JobView)!;
        Assert.Equal((temp.File("clip.mkv"), Path.Combine(temp.Path, "renders", "out.mp4")), (job.Input, job.Output));
        StyleFarmCli.Run(["cancel", job.Id, .. farm.Server]);
    }

    // An 8-frame 64×48 clip (ffmpeg's test pattern), an empty file, a text file and a folder, in the case's folder.
    private static async Task<Dictionary<string, string>> CaseFilesAsync(TempFolder temp)
    {
        var clip = temp.File("clip.mkv");
        await MediaProcess.RunAsync("ffmpeg", ["-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=64x48:rate=25", "-frames:v", "8", "-c:v", "ffv1", clip],
            clip, "could not make the test clip");
        File.WriteAllBytes(temp.File("empty.mp4"), []);
        File.WriteAllText(temp.File("notes.mp4"), "this is not a video\n");
        Directory.CreateDirectory(temp.File("frames"));
        return new Dictionary<string, string> { [Clip] = clip, [Folder] = temp.File("frames"), [Empty] = temp.File("empty.mp4"), [Text] = temp.File("notes.mp4"), ["{folder}"] = temp.Path, ["{painting}"] = Painting };
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string[] Entries(string folder) =>
        Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories).Select(e => Path.GetRelativePath(folder, e)).Order(StringComparer.Ordinal).ToArray();
}
