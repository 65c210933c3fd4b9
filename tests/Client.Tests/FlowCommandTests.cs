using StyleFarm.Kernels.Flow;
using StyleFarm.Kernels.Imaging;
using StyleFarm.Kernels.Video;

namespace StyleFarm.Client.Tests;

public sealed class FlowCommandTests
{
    private const string Photos = "/usr/share/doc/opencv-doc/examples/data";

    [Theory]
    [InlineData("dis")]
    [InlineData("deepflow")]
    public void ImagePairFlowRecoversAKnownShift(string method)
    {
        using var temp = new TempFolder();
        var photo = ImageFile.Read(Path.Combine(Photos, "fruits.jpg"));
        // Content moves 3 px right and 2 px up from A to B: B's window starts 3 px left and 2 px lower.
        ImageFile.Write(temp.File("a.png"), Crop(photo, 200, 150, 128, 96));
        ImageFile.Write(temp.File("b.png"), Crop(photo, 197, 152, 128, 96));

        var result = StyleFarmCli.Run("flow", temp.File("a.png"), temp.File("b.png"), "-o", temp.File("ab.flo"),
            "--method", method, "--viz", temp.File("ab.png"));

        Assert.Equal(0, result.ExitCode);
        var flow = FloFile.Read(temp.File("ab.flo"));
        Assert.Equal((128, 96), (flow.Width, flow.Height));
        var (u, v) = InteriorMean(flow, border: 16);
        Assert.InRange(u, 2.8, 3.2);
        Assert.InRange(v, -2.2, -1.8);
        var viz = ImageFile.Read(temp.File("ab.png"));
        Assert.Equal((128, 96), (viz.Width, viz.Height));
    }

    [Fact]
    public void VideoFlowWritesForwardAndBackwardFlowsOfEveryPairAndAColourVideo()
    {
        using var temp = new TempFolder();
        var folder = temp.File("flows");

        var result = StyleFarmCli.Run("flow", Path.Combine(Photos, "vtest.avi"), "-o", folder, "--frames", "10:14",
            "--backward", "--viz", temp.File("flow.mp4"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(new[] { "backward_000011.flo", "backward_000012.flo", "backward_000013.flo",
                      "forward_000010.flo", "forward_000011.flo", "forward_000012.flo" },
            Directory.GetFiles(folder).Select(f => Path.GetFileName(f)!).Order().ToArray());
        var first = FloFile.Read(Path.Combine(folder, "forward_000010.flo"));
        Assert.Equal((768, 576), (first.Width, first.Height));
        var viz = VideoProbe.Probe(temp.File("flow.mp4"));
        Assert.Equal(3, viz.FrameCount);
    }

    [Fact]
    public void AFileThatIsNotAPngFailsWithOneLineAndWritesNothing()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("fake.png"), "this is not a PNG");
        File.WriteAllText(temp.File("fake2.png"), "neither is this");

        var result = StyleFarmCli.Run("flow", temp.File("fake.png"), temp.File("fake2.png"), "-o", temp.File("out.flo"));

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("stylefarm: error:", result.Stderr);
        Assert.Contains("fake.png", result.Stderr);
        Assert.False(File.Exists(temp.File("out.flo")));
    }

    [Fact]
    public void UnknownMethodIsRejectedListingTheKnownOnes()
    {
        using var temp = new TempFolder();
        var result = StyleFarmCli.Run("flow", Path.Combine(Photos, "basketball1.png"), Path.Combine(Photos, "basketball2.png"),
            "-o", temp.File("out.flo"), "--method", "raft");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("dis, deepflow", result.Stderr);
    }

    private static RgbFrame Crop(RgbFrame photo, int left, int top, int width, int height)
    {
        var pixels = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
            Array.Copy(photo.Pixels, ((top + y) * photo.Width + left) * 3, pixels, y * width * 3, width * 3);
        return new RgbFrame(width, height, pixels);
    }

    private static (double U, double V) InteriorMean(FlowField flow, int border)
    {
        double u = 0, v = 0;
        var n = 0;
        for (var y = border; y < flow.Height - border; y++)
        for (var x = border; x < flow.Width - border; x++)
        {
            u += flow.U(x, y);
            v += flow.V(x, y);
            n++;
        }
        return (u / n, v / n);
    }
}
