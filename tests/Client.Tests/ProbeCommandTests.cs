using System.Text.Json;

namespace StyleFarm.Client.Tests;

public sealed class ProbeCommandTests
{
    private const string DemoVideo = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";

    [Fact]
    public void JsonProbeOfTheDemoVideoGivesItsSizeFrameCountAndRate()
    {
        var result = StyleFarmCli.Run("probe", DemoVideo, "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.Equal(768, root.GetProperty("width").GetInt32());
        Assert.Equal(576, root.GetProperty("height").GetInt32());
        Assert.Equal(795, root.GetProperty("frameCount").GetInt32());
        Assert.Equal(10.0, root.GetProperty("fps").GetDouble());
        Assert.Equal(0, root.GetProperty("audioStreams").GetArrayLength());
    }

    [Fact]
    public void TextProbeNamesTheFrameCount()
    {
        var result = StyleFarmCli.Run("probe", DemoVideo);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("frames    795", result.Stdout);
    }

    [Fact]
    public void MissingFileExitsNonZeroWithOneLineNamingIt()
    {
        var result = StyleFarmCli.Run("probe", "/nonexistent/film.mp4");

        Assert.NotEqual(0, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("stylefarm: error:", line);
        Assert.Contains("/nonexistent/film.mp4", line);
    }

    [Fact]
    public void CorruptVideoExitsNonZeroWithFfmpegsMessage()
    {
        using var temp = new TempFolder();
        var corrupt = temp.File("corrupt.mp4");
        File.WriteAllBytes(corrupt, Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251)).ToArray());

        var result = StyleFarmCli.Run("probe", corrupt);

        Assert.NotEqual(0, result.ExitCode);
        Assert.StartsWith("stylefarm: error:", result.Stderr);
        Assert.Contains("corrupt.mp4", result.Stderr);
    }
}
