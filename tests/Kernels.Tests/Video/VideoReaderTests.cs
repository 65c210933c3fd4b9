using StyleFarm.Kernels.Imaging;
using StyleFarm.Kernels.Video;

namespace StyleFarm.Kernels.Tests.Video;

public sealed class VideoReaderTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ReadAsync_RangeFromTheMiddleOfALosslessVideo_ReturnsExactlyThoseFrames()
    {
        var path = _temp.File("indexed.mkv");
        var frames = Enumerable.Range(0, 20).Select(n => TestMedia.IndexedFrame(n)).ToList();
        await TestMedia.WriteAsync(path, new VideoWriterOptions { Format = OutputFormat.Ffv1 }, frames);
        var reader = VideoReader.Open(path);

        var range = await reader.ReadAsync(7, 13).ToListAsync();

        Assert.Equal(6, range.Count);
        for (var i = 0; i < range.Count; i++) Assert.Equal(frames[7 + i].Pixels, range[i].Pixels);
    }

    [Theory]
    [InlineData(1, 4)]   // inside the first group of pictures: decoded from the start
    [InlineData(6, 9)]   // starts on the second keyframe
    [InlineData(7, 8)]   // one frame after a keyframe
    [InlineData(11, 19)] // crosses a keyframe
    [InlineData(23, 24)] // the last frame
    public async Task ReadAsync_RangeOfAnH264VideoWithBFrames_ReturnsTheFramesDecodedFromTheStart(int start, int end)
    {
        // Keyframes every 6 frames and B-frames (libx264's default of 3) make the reader seek and reorder.
        var path = _temp.File("gop6.mp4");
        await TestMedia.WriteAsync(path, new VideoWriterOptions { KeyframeInterval = 6 },
            Enumerable.Range(0, 24).Select(n => TestMedia.FlatFrame(n)));
        var reader = VideoReader.Open(path);
        var all = await reader.ReadAsync(0, 24).ToListAsync();

        var range = await reader.ReadAsync(start, end).ToListAsync();

        Assert.Equal(Enumerable.Range(0, 24), all.Select(TestMedia.FlatIndex));
        Assert.Equal(end - start, range.Count);
        for (var i = 0; i < range.Count; i++) Assert.Equal(all[start + i].Pixels, range[i].Pixels);
    }

    [Fact]
    public async Task ReadAsync_VtestFramesAfterAKeyframe_EqualTheSameFramesDecodedFromTheStart()
    {
        // vtest.avi has keyframes at 0, 250, 500 and 750; 251… must be decoded from 250, not guessed.
        var reader = VideoReader.Open(TestMedia.Vtest, new VideoReaderOptions { Width = 96, Height = 72 });
        var fromStart = await reader.ReadAsync(0, 254).ToListAsync();

        var atKeyframe = await reader.ReadAsync(250, 252).ToListAsync();
        var afterKeyframe = await reader.ReadAsync(251, 254).ToListAsync();

        Assert.All(fromStart, f => Assert.Equal((96, 72), (f.Width, f.Height)));
        Assert.Equal([fromStart[250].Pixels, fromStart[251].Pixels], atKeyframe.Select(f => f.Pixels));
        Assert.Equal([fromStart[251].Pixels, fromStart[252].Pixels, fromStart[253].Pixels], afterKeyframe.Select(f => f.Pixels));
        Assert.NotEqual(fromStart[251].Pixels, fromStart[252].Pixels);
    }

    [Fact]
    public async Task ReadAsync_MegamindWithPackedBFramesAndNoTimestamps_CountsFramesFromTheStart()
    {
        // Megamind.avi's packets carry no presentation times, so frames can only be numbered by decoding.
        var reader = VideoReader.Open(TestMedia.Megamind, new VideoReaderOptions { Width = 90, Height = 66 });
        var fromStart = await reader.ReadAsync(0, 42).ToListAsync();

        var range = await reader.ReadAsync(40, 42).ToListAsync();

        Assert.Equal([fromStart[40].Pixels, fromStart[41].Pixels], range.Select(f => f.Pixels));
        Assert.NotEqual(fromStart[40].Pixels, fromStart[41].Pixels);
    }

    [Fact]
    public async Task ReadAsync_RangeOfAnImageSequence_ReturnsThoseFiles()
    {
        var pattern = _temp.File("frames/f%03d.png");
        var frames = Enumerable.Range(0, 9).Select(n => TestMedia.IndexedFrame(n)).ToList();
        await TestMedia.WriteAsync(pattern, new VideoWriterOptions { Format = OutputFormat.Png8, StartNumber = 1 }, frames);
        var reader = VideoReader.Open(pattern);

        var range = await reader.ReadAsync(4, 7).ToListAsync();

        Assert.Equal(9, reader.Info.FrameCount);
        Assert.Equal([frames[4].Pixels, frames[5].Pixels, frames[6].Pixels], range.Select(f => f.Pixels));
    }

    [Fact]
    public async Task ReadAsync_RotatedVideo_DeliversFramesTurnedUpright()
    {
        // PNG in QuickTime: lossless RGB in a container that stores a display rotation.
        // (ffmpeg 5.1 stores the rotate tag only when stream-copying.)
        var image = _temp.File("upright.png");
        var upright = _temp.File("upright.mov");
        var rotated = _temp.File("rotated.mov");
        var frame = TestMedia.IndexedFrame(3);
        ImageFile.Write(image, frame);
        await TestMedia.FfmpegAsync("-i", image, "-c:v", "png", upright);
        await TestMedia.FfmpegAsync("-i", upright, "-c", "copy", "-metadata:s:v", "rotate=90", rotated);
        var reader = VideoReader.Open(rotated);

        var turned = Assert.Single(await reader.ReadAsync(0, 1).ToListAsync());

        // Rotation 270 clockwise (90 counter-clockwise): pixel (x, y) moves to (y, width - 1 - x).
        Assert.Equal((48, 64), (turned.Width, turned.Height));
        for (var y = 0; y < frame.Height; y++)
        for (var x = 0; x < frame.Width; x++)
        for (var c = 0; c < 3; c++)
            Assert.Equal(frame[x, y, c], turned[y, frame.Width - 1 - x, c]);
    }

    [Theory]
    [InlineData(-1, 2)]
    [InlineData(5, 4)]
    [InlineData(0, 796)]
    public async Task ReadAsync_RangeOutsideTheVideo_ThrowsNamingTheFrameCount(int start, int end)
    {
        var reader = VideoReader.Open(TestMedia.Vtest);

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => reader.ReadAsync(start, end).ToListAsync());

        Assert.Contains("[0, 795)", error.Message);
    }

    [Fact]
    public async Task ReadAsync_Cancelled_StopsWithOperationCanceled()
    {
        var reader = VideoReader.Open(TestMedia.Vtest, new VideoReaderOptions { Width = 96, Height = 72 });
        using var cancel = new CancellationTokenSource();
        var delivered = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in reader.ReadAsync(0, 795, cancel.Token))
            {
                delivered++;
                cancel.Cancel();
            }
        });

        Assert.Equal(1, delivered);
    }

    [Fact]
    public void Constructor_WidthWithoutHeight_Throws()
    {
        var info = VideoProbe.Probe(TestMedia.Vtest);

        Assert.Throws<ArgumentException>(() =>
            new VideoReader(MediaInput.FromPath(TestMedia.Vtest), info, new VideoReaderOptions { Width = 10 }));
    }
}
