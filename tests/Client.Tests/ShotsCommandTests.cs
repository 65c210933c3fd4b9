using System.Text.Json;
using StyleFarm.Kernels.Imaging;
using StyleFarm.Kernels.Video;

namespace StyleFarm.Client.Tests;

public sealed class ShotsCommandTests
{
    private const string Photos = "/usr/share/doc/opencv-doc/examples/data";

    [Fact]
    public async Task ShotsOfAVideoWithTwoCutsAreListedWithExactRanges()
    {
        using var temp = new TempFolder();
        var video = temp.File("cuts.mkv");
        await using (var writer = new VideoWriter(video, new VideoWriterOptions { Format = OutputFormat.Ffv1 }))
        {
            foreach (var frame in Pan("fruits.jpg", 12, 0).Concat(Pan("baboon.jpg", 10, 0)).Concat(Pan("fruits.jpg", 8, 12)))
                await writer.WriteAsync(frame);
            await writer.CompleteAsync();
        }

        var result = StyleFarmCli.Run("shots", video, "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var shots = json.RootElement.GetProperty("shots").EnumerateArray()
            .Select(s => (s.GetProperty("firstFrame").GetInt32(), s.GetProperty("endFrame").GetInt32())).ToArray();
        Assert.Equal(new[] { (0, 12), (12, 22), (22, 30) }, shots);
    }

    [Fact]
    public void ShotsOfAMissingVideoFailWithOneLine()
    {
        var result = StyleFarmCli.Run("shots", "/nonexistent/film.mkv");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("stylefarm: error:", result.Stderr);
    }

    /// <summary>96×72 windows sliding right 2 px a frame across a photo, starting at frame <paramref name="from"/> of the pan.</summary>
    private static IEnumerable<RgbFrame> Pan(string photo, int count, int from)
    {
        var source = ImageFile.Read(Path.Combine(Photos, photo));
        for (var i = from; i < from + count; i++)
        {
            var pixels = new byte[96 * 72 * 3];
            for (var y = 0; y < 72; y++)
                Array.Copy(source.Pixels, ((100 + y) * source.Width + 100 + 2 * i) * 3, pixels, y * 96 * 3, 96 * 3);
            yield return new RgbFrame(96, 72, pixels);
        }
    }
}
