using System.Net;
using StyleFarm.Silo.Api;
using StyleFarm.Silo.Hosting;
using StyleFarm.Silo.Paths;
using StyleFarm.Silo.Tests.Artifacts;
using StyleFarm.Silo.Tests.Paths;

namespace StyleFarm.Silo.Tests.Api;

/// <summary>
/// The trust model for paths at submission (issue 11, item 2 and 7): a silo with an input root and an output root
/// refuses, in one line and with a 400, every path outside them (existing or not, through symlinks or ".."), an
/// existing output unless the job says overwrite, an output over its own input, and an output folder that takes no
/// new files; a refused job is not stored and no file is made.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SubmitPathTests : IAsyncLifetime
{
    private const string Outside = "is outside this farm's {0} roots ({1}): give a path under one of them, without '..' or symlinks that lead out";

    private readonly TempFolder _folder = new();
    private TestSilo _silo = null!;

    private string In => Path.Combine(_folder.Path, "in");

    private string Out => Path.Combine(_folder.Path, "out");

    private string Clip => Path.Combine(In, "clip.mkv");

    private string Style => Path.Combine(In, "style.png");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(In);
        Directory.CreateDirectory(Out);
        // Real media: a refused path never reaches the submit check, but an accepted one is probed and decoded.
        File.Copy(ApiMedia.Clip, Clip);
        File.Copy(ApiMedia.Style, Style);
        _silo = await TestSilo.StartAsync(SiloRoles.Api, TestSilo.Options(SiloRoles.Api, _folder.Path) with
        {
            Paths = new PathRoots { Input = [In], Output = [Out] },
        });
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        _folder.Dispose();
    }

    private Task<(HttpStatusCode Status, JobView? Job, string? Error)> SubmitAsync(string input, string style, string output, bool? overwrite = null) =>
        ApiJson.SubmitAsync(_silo.Http, new SubmitJobRequest { Input = input, StyleImages = [style], Preset = "preview", Output = output, Overwrite = overwrite });

    private async Task AssertRefusedAsync(string expected, string input, string style, string output, bool? overwrite = null)
    {
        var (status, job, error) = await SubmitAsync(input, style, output, overwrite);
        Assert.Equal((HttpStatusCode.BadRequest, (JobView?)null, expected), (status, job, error));
        Assert.DoesNotContain("\n", error!);
        Assert.Equal("[]", await _silo.Http.GetStringAsync("/api/jobs"));
    }

    [Theory]
    [InlineData("/etc/shadow")]
    [InlineData("/etc/no-such-file-anywhere")]
    public async Task AnInputOutsideTheRootsIsRefusedAlikeWhetherOrNotItExists(string input)
    {
        await AssertRefusedAsync($"the input {input} {string.Format(Outside, "input", In)}", input, Style, Path.Combine(Out, "a.mp4"));
    }

    [Fact]
    public async Task AStyleImageOutsideTheRootsIsRefused()
    {
        await AssertRefusedAsync($"the style image /etc/hostname {string.Format(Outside, "input", In)}", Clip, "/etc/hostname", Path.Combine(Out, "a.mp4"));
    }

    [Theory]
    [InlineData("/etc/anything.mp4")]
    [InlineData("/var/tmp/stylefarm-refused/%05d.png")]
    public async Task AnOutputOutsideTheRootsIsRefusedAndNothingIsCreated(string output)
    {
        await AssertRefusedAsync($"the output {output} {string.Format(Outside, "output", Out)}", Clip, Style, output);

        Assert.False(File.Exists(output));
        Assert.False(Directory.Exists(Path.GetDirectoryName(output)) && output.Contains("stylefarm-refused"));
    }

    [Fact]
    public async Task ASymlinkInsideTheRootThatLeadsOutIsRefused()
    {
        Directory.CreateSymbolicLink(Path.Combine(In, "etc"), "/etc");
        File.CreateSymbolicLink(Path.Combine(In, "host.mkv"), "/etc/hostname");
        Directory.CreateSymbolicLink(Path.Combine(Out, "elsewhere"), "/var/tmp");

        await AssertRefusedAsync($"the input {In}/etc/hostname {string.Format(Outside, "input", In)}", $"{In}/etc/hostname", Style, Path.Combine(Out, "a.mp4"));
        await AssertRefusedAsync($"the input {In}/host.mkv {string.Format(Outside, "input", In)}", $"{In}/host.mkv", Style, Path.Combine(Out, "a.mp4"));
        await AssertRefusedAsync($"the output {Out}/elsewhere/a.mp4 {string.Format(Outside, "output", Out)}", Clip, Style, $"{Out}/elsewhere/a.mp4");
    }

    [Fact]
    public async Task ASymlinkedFrameOfAnInputSequenceThatLeadsOutIsRefused()
    {
        Directory.CreateDirectory(Path.Combine(In, "frames"));
        File.WriteAllText(Path.Combine(In, "frames", "00000.png"), "a frame");
        File.CreateSymbolicLink(Path.Combine(In, "frames", "00001.png"), "/etc/hostname");

        await AssertRefusedAsync($"the input {In}/frames/00001.png {string.Format(Outside, "input", In)}", $"{In}/frames/%05d.png", Style, Path.Combine(Out, "a.mp4"));
    }

    [Fact]
    public async Task DotDotIsRefusedEvenWhenItEndsInsideARoot()
    {
        var sneaky = $"{Out}/../in/clip.mkv";

        await AssertRefusedAsync($"the input {sneaky} {string.Format(Outside, "input", In)}", sneaky, Style, Path.Combine(Out, "a.mp4"));
    }

    [Fact]
    public async Task AnExistingOutputIsRefusedWithoutOverwriteAndKeptAndAcceptedWithIt()
    {
        var output = Path.Combine(Out, "film.mp4");
        File.WriteAllText(output, "someone's film");

        await AssertRefusedAsync($"the output {output} already exists: choose another name, or submit with --overwrite to replace it", Clip, Style, output);
        Assert.Equal("someone's film", File.ReadAllText(output));

        var (status, job, error) = await SubmitAsync(Clip, Style, output, overwrite: true);
        Assert.True(status == HttpStatusCode.Created, error);
        Assert.NotNull(job);
    }

    [Fact]
    public async Task AnOutputPatternWhoseFolderHoldsItsFramesIsRefused()
    {
        Directory.CreateDirectory(Path.Combine(Out, "frames"));
        File.WriteAllText(Path.Combine(Out, "frames", "00007.png"), "a frame");

        await AssertRefusedAsync($"the output folder {Out}/frames already holds frames of %05d.png (such as 00007.png): choose another folder or pattern, or submit with --overwrite to replace them",
            Clip, Style, $"{Out}/frames/%05d.png");
    }

    [Fact]
    public async Task AnOutputThatIsTheInputThroughAHardLinkIsRefusedEvenWithOverwrite()
    {
        var link = Path.Combine(Out, "clip.mkv");
        Assert.Equal(0, Link(Clip, link));
        var bytes = File.ReadAllBytes(Clip);

        await AssertRefusedAsync($"the output {link} is the input {Clip} (the same file, through a link or another name): write the stylized film under another name", Clip, Style, link, overwrite: true);
        Assert.Equal(bytes, File.ReadAllBytes(Clip));
    }

    [Fact]
    public async Task AnOutputUnderARegularFileIsRefusedAtSubmission()
    {
        File.WriteAllText(Path.Combine(Out, "afile"), "");

        await AssertRefusedAsync($"the output {Out}/afile/a.mp4 cannot be written: {Out}/afile is a file, not a folder", Clip, Style, $"{Out}/afile/a.mp4");
    }

    [Fact]
    public async Task AnOutputInAReadOnlyFolderIsRefusedAtSubmission()
    {
        using var folder = new ReadOnlyFolder(Path.Combine(Out, "locked"));

        await AssertRefusedAsync($"the output {folder.Path}/sub/a.mp4 cannot be written: the folder {folder.Path} does not accept new files: give a folder this farm may write to (check its permissions)",
            Clip, Style, $"{folder.Path}/sub/a.mp4");
    }

    [Fact]
    public async Task ASiloWithoutRootsRefusesEveryLocalPath()
    {
        using var other = new TempFolder();
        await using var bare = await TestSilo.StartAsync(SiloRoles.Api, TestSilo.Options(SiloRoles.Api, other.Path, "bare") with { Paths = new PathRoots() });

        var (status, _, error) = await ApiJson.SubmitAsync(bare.Http, new SubmitJobRequest { Input = Clip, StyleImages = [Style], Preset = "preview", Output = Path.Combine(Out, "a.mp4") });

        Assert.Equal((HttpStatusCode.BadRequest, $"the input {Clip} is a local path, but this farm reads no local paths (its silos have no --input-root): give an http(s) URL, or start the silos with --input-root DIR"),
            (status, error));
        // It said so when it started.
        Assert.Contains(bare.Logs.Lines, l => l.Contains("silo bare: no --input-root: jobs may read inputs and style images only from http(s) URLs, no local path"));
        Assert.Contains(bare.Logs.Lines, l => l.Contains("silo bare: no --output-root: jobs may write outputs only to blob URLs, no local path"));
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int Link(string existing, string created);
}
