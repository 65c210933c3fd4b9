using StyleFarm.Kernels.Video;

namespace StyleFarm.Kernels.Tests.Video;

public sealed class VideoProbeTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Probe_ReportsVtestSizeFrameCountRateDurationAndCodec()
    {
        var info = VideoProbe.Probe(TestMedia.Vtest);

        Assert.Equal(768, info.Width);
        Assert.Equal(576, info.Height);
        Assert.Equal(795, info.FrameCount);
        Assert.Equal(new FrameRate(10, 1), info.FrameRate);
        Assert.Equal(TimeSpan.FromSeconds(79.5), info.Duration);
        Assert.Equal("msmpeg4v3", info.Codec);
        Assert.Equal("yuv420p", info.PixelFormat);
        Assert.Equal(0, info.StreamIndex);
        Assert.Equal(0, info.Rotation);
        Assert.Empty(info.AudioStreams);
    }

    [Fact]
    public void Probe_ReportsMegamindVideoAndItsAc3AudioStream()
    {
        var info = VideoProbe.Probe(TestMedia.Megamind);

        Assert.Equal((720, 528, 270), (info.Width, info.Height, info.FrameCount));
        Assert.Equal(new FrameRate(2997, 125), info.FrameRate);
        Assert.Equal("mpeg4", info.Codec);
        Assert.Equal([new AudioStreamInfo(1, "ac3", 2, 48000)], info.AudioStreams);
    }

    [Fact]
    public async Task Probe_CountsPacketsWhenTheContainerStoresNoFrameCount()
    {
        // Matroska has no frame count field, so the count must come from the packets.
        var path = _temp.File("twelve.mkv");
        await TestMedia.WriteAsync(path, new VideoWriterOptions { Format = OutputFormat.Ffv1, FrameRate = new(24) },
            Enumerable.Range(0, 12).Select(n => TestMedia.IndexedFrame(n)));

        var info = VideoProbe.Probe(path);

        Assert.Equal((64, 48, 12), (info.Width, info.Height, info.FrameCount));
        Assert.Equal(new FrameRate(24), info.FrameRate);
        Assert.Equal("ffv1", info.Codec);
        Assert.Equal("bgr0", info.PixelFormat);
    }

    [Fact]
    public async Task Probe_ReadsAnImageSequencePatternStartingAtItsFirstFile()
    {
        var pattern = _temp.File("seq/%04d.png");
        await TestMedia.WriteAsync(pattern, new VideoWriterOptions { Format = OutputFormat.Png8, StartNumber = 7 },
            Enumerable.Range(0, 5).Select(n => TestMedia.IndexedFrame(n)));

        var atDefaultRate = VideoProbe.Probe(pattern);
        var atFilmRate = VideoProbe.Probe(pattern, new FrameRate(24));

        Assert.Equal((64, 48, 5, "png"), (atDefaultRate.Width, atDefaultRate.Height, atDefaultRate.FrameCount, atDefaultRate.Codec));
        Assert.Equal(new FrameRate(25), atDefaultRate.FrameRate);
        Assert.Equal(new FrameRate(24), atFilmRate.FrameRate);
        Assert.Equal(5, atFilmRate.FrameCount);
    }

    [Fact]
    public async Task Probe_ReportsARotatedVideoAtItsDisplaySize()
    {
        var upright = _temp.File("upright.mp4");
        var rotated = _temp.File("rotated.mp4");
        await TestMedia.WriteAsync(upright, new VideoWriterOptions(), Enumerable.Range(0, 3).Select(n => TestMedia.IndexedFrame(n)));
        await TestMedia.FfmpegAsync("-i", upright, "-c", "copy", "-metadata:s:v", "rotate=90", rotated);

        var info = VideoProbe.Probe(rotated);

        Assert.Equal((48, 64, 270), (info.Width, info.Height, info.Rotation));
    }
}
