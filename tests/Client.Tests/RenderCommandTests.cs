using System.Buffers.Binary;
using StyleFarm.Kernels.Imaging;
using StyleFarm.Kernels.Video;
using Xunit.Abstractions;

namespace StyleFarm.Client.Tests;

/// <summary>`stylefarm render` as a user runs it: tiny renders of the demo video with the preview preset.</summary>
public sealed class RenderCommandTests(ITestOutputHelper log)
{
    private const string DemoVideo = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";
    private const string Painting = "/usr/share/doc/opencv-doc/examples/data/starry_night.jpg";

    [Fact]
    public void TinyRender_WritesAnMp4OfThreeFramesAtTheRequestedSize_AndRemovesItsWorkspace()
    {
        using var temp = new TempFolder();

        var result = StyleFarmCli.Run(RenderArguments(temp, DemoVideo, Painting, temp.File("out.mp4"), ["--frames", "0:3"]));

        Assert.True(result.ExitCode == 0, result.Stderr);
        var info = VideoProbe.Probe(temp.File("out.mp4"));
        Assert.Equal((3, 64, 48), (info.FrameCount, info.Width, info.Height)); // vtest.avi is 768x576
        Assert.Equal(["models", "out.mp4"], Entries(temp.Path));
    }

    [Fact]
    public void MultiPassRenderWithMatchedColoursAndEveryInitOption_WritesEveryFrame()
    {
        using var temp = new TempFolder();
        var result = StyleFarmCli.Run(RenderArguments(temp, DemoVideo, Painting, temp.File("out.mkv"),
            ["--frames", "0:3", "--match-colors", "--passes", "2", "--init", "random", "--blend-weight", "0.5",
             "--tolerance-window", "5", "--coherence-below", "0.2"]));

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(3, VideoProbe.Probe(temp.File("out.mkv")).FrameCount);
    }

    [Fact]
    public void UnknownInitIsRejectedWithOneLine()
    {
        using var temp = new TempFolder();
        var result = StyleFarmCli.Run(RenderArguments(temp, DemoVideo, Painting, temp.File("out.mp4"), ["--frames", "0:2", "--init", "grey"]));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--init 'grey': use content or random", result.Stderr);
        Assert.False(File.Exists(temp.File("out.mp4")));
    }

    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    public void ImageSequenceOutput_WritesExactlyTheInputsFrameNumbersAsPngsOfTheBitDepth(int bitDepth)
    {
        using var temp = new TempFolder();

        var result = StyleFarmCli.Run(RenderArguments(temp, DemoVideo, Painting, Path.Combine(temp.Path, "frames", "%05d.png"),
            ["--frames", "2:5", "--bit-depth", bitDepth.ToString()]));

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(["00002.png", "00003.png", "00004.png"], Entries(Path.Combine(temp.Path, "frames")));
        foreach (var name in Entries(Path.Combine(temp.Path, "frames")))
        {
            var (width, height, depth, colour) = PngHeader(Path.Combine(temp.Path, "frames", name));
            Assert.Equal((64, 48, bitDepth, 2), (width, height, depth, colour)); // colour type 2: RGB
        }
    }

    [Fact]
    public void FrameRangeCutIntoSegments_WritesExactlyTheRangesFrames()
    {
        using var temp = new TempFolder();

        // Frames 2…8 of one shot cut into [2, 5) and [5, 9) with a halo of 1, two passes: the farm's segment path on one machine.
        var result = StyleFarmCli.Run(RenderArguments(temp, DemoVideo, Painting, Path.Combine(temp.Path, "frames", "%05d.png"),
            ["--frames", "2:9", "--segment-length", "3", "--halo", "1", "--passes", "2"]));

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("frames 2:9 at 64x48, 1 shot(s) in 2 segments (L = 3, h = 1)", result.Stdout);
        Assert.Equal([.. Enumerable.Range(2, 7).Select(i => $"{i:D5}.png")], Entries(Path.Combine(temp.Path, "frames")));
        Assert.Equal(["frames", "models"], Entries(temp.Path));
    }

    public static TheoryData<string, string> BadInputs() => new()
    {
        // what is wrong, a fragment the error line must contain
        { "missing style image", "nonexistent.jpg" },
        { "style that is not an image", "style.jpg" },
        { "corrupt input video", "broken.mp4" },
        { "unknown preset", "unknown preset 'fancy'" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void BadInput_ExitsOneWithOneErrorLine_AndLeavesNoOutputOrWorkspace(string problem, string mentioned)
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("style.jpg"), "this is a text file, not a JPEG\n");
        File.WriteAllBytes(temp.File("broken.mp4"), [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 37 % 251))]);
        string[] inputs = problem switch
        {
            "missing style image" => [DemoVideo, temp.File("nonexistent.jpg")],
            "style that is not an image" => [DemoVideo, temp.File("style.jpg")],
            "corrupt input video" => [temp.File("broken.mp4"), Painting],
            _ => [DemoVideo, Painting],
        };
        var arguments = RenderArguments(temp, inputs[0], inputs[1], temp.File("out.mp4"), ["--frames", "0:3"]);
        if (problem == "unknown preset") arguments[Array.IndexOf(arguments, "preview")] = "fancy";
        var before = Entries(temp.Path);

        var result = StyleFarmCli.Run(arguments);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("stylefarm: error:", line);
        Assert.Contains(mentioned, line);
        Assert.Equal(before, Entries(temp.Path)); // no out.mp4, no .out.mp4.stylefarm-work
    }

    [Fact]
    public void RenderKilledMidway_CompletesWhenRunAgain_WithTheFramesOfAnUninterruptedRender()
    {
        using var temp = new TempFolder();
        var output = temp.File("resumed.mkv"); // FFV1: lossless, so frames compare exactly
        var workspace = temp.File(".resumed.mkv.stylefarm-work");
        // 8 iterations a frame, so that frames take long enough to kill the render between two of them.
        string[] Command(string o) => RenderArguments(temp, DemoVideo, Painting, o, ["--frames", "0:4"], iterations: 8);

        using (var watcher = new FileSystemWatcher(temp.Path) { IncludeSubdirectories = true, EnableRaisingEvents = true })
        using (var render = StyleFarmCli.Start(Command(output)))
        {
            // Woken by every change under the folder; the deadline only bounds a hung render.
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (FrameFiles(workspace) == 0)
            {
                Assert.False(render.Process.HasExited, $"the render exited before finishing a frame: {render.Stderr}");
                Assert.True(DateTime.UtcNow < deadline, "no frame was finished within 3 minutes");
                watcher.WaitForChanged(WatcherChangeTypes.All, TimeSpan.FromSeconds(1));
            }
            render.Process.Kill(entireProcessTree: true);
            render.Process.WaitForExit();
        }
        var finished = FrameFiles(workspace);
        log.WriteLine($"killed with {finished} of 4 frames finished");
        Assert.False(File.Exists(output), "the render finished before it could be killed");
        Assert.InRange(finished, 1, 3);

        var resumed = StyleFarmCli.Run(Command(output));
        var uninterrupted = StyleFarmCli.Run(Command(temp.File("whole.mkv")));

        Assert.True(resumed.ExitCode == 0, resumed.Stderr);
        Assert.True(uninterrupted.ExitCode == 0, uninterrupted.Stderr);
        Assert.False(Directory.Exists(workspace));
        var (a, b) = (Decode(output), Decode(temp.File("whole.mkv")));
        Assert.Equal(4, a.Count);
        Assert.Equal(4, b.Count);
        for (var i = 0; i < 4; i++) Assert.True(a[i].Pixels.AsSpan().SequenceEqual(b[i].Pixels), $"frame {i} differs (killed after {finished} finished frames)");
    }

    [Fact]
    public void RenderRunTwiceToOneOutputReplacesItAsTheReadmesFirstCommandExpects()
    {
        using var temp = new TempFolder();
        var output = temp.File("again.mp4");
        var arguments = RenderArguments(temp, DemoVideo, Painting, output, ["--frames", "0:2"]);

        var first = StyleFarmCli.Run(arguments);
        var written = File.GetLastWriteTimeUtc(output);
        var second = StyleFarmCli.Run(arguments);

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.True(File.GetLastWriteTimeUtc(output) > written, "the second render did not write the output");
        Assert.Equal(["again.mp4", "models"], Entries(temp.Path));
    }

    [Theory]
    [InlineData("symlink")]
    [InlineData("hard link")]
    public void AnOutputThatIsTheInputThroughALinkIsRefused_AndTheInputKeepsItsBytes(string link)
    {
        using var temp = new TempFolder();
        var input = temp.File("in3.avi");
        File.Copy(DemoVideo, input);
        var before = File.ReadAllBytes(input);
        var other = temp.File("in3link.avi");
        if (link == "symlink") File.CreateSymbolicLink(other, input);
        else Assert.Equal(0, HardLink(input, other));

        // The symlink names the input, the real file the output (the issue's `render in3link.mp4 -o in3.mp4`); the hard link is the output.
        var result = link == "symlink"
            ? StyleFarmCli.Run(RenderArguments(temp, other, Painting, input, ["--frames", "0:2"]))
            : StyleFarmCli.Run(RenderArguments(temp, input, Painting, other, ["--frames", "0:2"]));

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.EndsWith("(the same file, through a link or another name): write the stylized film under another name", line);
        Assert.Equal(before, File.ReadAllBytes(input));
        Assert.DoesNotContain(Entries(temp.Path), e => e.EndsWith(".stylefarm-work", StringComparison.Ordinal));
    }

    [Fact]
    public void AnOutputThatIsTheStyleImageIsRefused()
    {
        using var temp = new TempFolder();
        var style = temp.File("painting.jpg");
        File.Copy(Painting, style);

        var result = StyleFarmCli.Run(RenderArguments(temp, DemoVideo, style, style, ["--frames", "0:2"]));

        Assert.Equal((1, $"stylefarm: error: the output {style} is the style image {style} (the same file): write the stylized film under another name"),
            (result.ExitCode, result.Stderr.Trim()));
        Assert.Equal(File.ReadAllBytes(Painting), File.ReadAllBytes(style));
    }

    [Fact]
    public void AnOutputUnderARegularFileIsRefusedBeforeAnyStylizing_InOneLineAndFast()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("FILE"), "");
        var arguments = RenderArguments(temp, DemoVideo, Painting, temp.File("FILE/a.mp4"), ["--frames", "0:3"]);
        var before = Entries(temp.Path);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var result = StyleFarmCli.Run(arguments);

        clock.Stop();
        Assert.Equal((1, $"stylefarm: error: the output {temp.File("FILE/a.mp4")} cannot be written: {temp.File("FILE")} is a file, not a folder"),
            (result.ExitCode, result.Stderr.Trim()));
        Assert.Equal("", result.Stdout); // not even the weights note: nothing was planned
        Assert.Equal(before, Entries(temp.Path));
        log.WriteLine($"refused in {clock.Elapsed.TotalSeconds:0.0} s");
        // A process start and the check; planning and stylizing 3 frames takes far longer.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"the refusal took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public void ASecondRenderToTheSameOutputRefusesAtOnceNamingTheFirstsProcess()
    {
        using var temp = new TempFolder();
        var output = temp.File("shared.mkv");
        var workspace = temp.File(".shared.mkv.stylefarm-work");
        string[] Command() => RenderArguments(temp, DemoVideo, Painting, output, ["--frames", "0:4"], iterations: 8);

        using var first = StyleFarmCli.Start(Command());
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!File.Exists(Path.Combine(workspace, "render.pid")) || File.ReadAllText(Path.Combine(workspace, "render.pid")).Trim().Length == 0)
        {
            Assert.False(first.Process.HasExited, $"the first render ended before it took its workspace: {first.Stderr}");
            Assert.True(DateTime.UtcNow < deadline, "the first render did not take its workspace within 2 minutes");
            Thread.Sleep(50);
        }

        var second = StyleFarmCli.Run(Command());

        Assert.Equal((1, $"stylefarm: error: another render (pid {first.Process.Id}) is writing {output}: wait for it to end, or stop it, or write to another output"),
            (second.ExitCode, second.Stderr.Trim()));
        Assert.False(first.Process.HasExited, $"the second render disturbed the first: {first.Stderr}");
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int HardLink(string existing, string created);

    // The preview preset, 3 iterations, 64 px wide, and an empty model folder so that the seeded random VGG-19 is used
    // whatever is installed on the machine.
    private static string[] RenderArguments(TempFolder temp, string input, string style, string output, string[] more, int iterations = 3)
    {
        var models = Directory.CreateDirectory(temp.File("models")).FullName;
        return ["render", input, "--style", style, "-o", output, "--preset", "preview", "--iterations", iterations.ToString(),
            "--width", "64", "--models", models, .. more];
    }

    private static List<string> Entries(string folder) =>
        Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList()!;

    // Committed frames: the farm's frame artifacts (…/pass/NN/frame/TTTTTT.png) in the workspace's artifact store.
    private static int FrameFiles(string workspace) =>
        Directory.Exists(workspace)
            ? Directory.EnumerateFiles(workspace, "*.png", SearchOption.AllDirectories).Count(f => f.Contains($"{Path.DirectorySeparatorChar}pass{Path.DirectorySeparatorChar}"))
            : 0;

    private static List<RgbFrame> Decode(string path)
    {
        var reader = VideoReader.Open(path);
        return reader.ReadAsync(0, reader.Info.FrameCount).ToBlockingEnumerable().ToList();
    }

    // The IHDR chunk follows the 8-byte signature: length, "IHDR", width, height (big-endian), bit depth, colour type.
    private static (int Width, int Height, int BitDepth, int ColourType) PngHeader(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal("IHDR"u8.ToArray(), bytes[12..16]);
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)), bytes[24], bytes[25]);
    }
}
