using StyleFarm.Kernels.Imaging;
using StyleFarm.Kernels.Video;

namespace StyleFarm.Kernels.Tests.Video;

public sealed class VideoWriterTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Ffv1_RoundTripIsByteExact()
    {
        var path = _temp.File("lossless.mkv");
        var frames = Enumerable.Range(0, 15).Select(n => TestMedia.IndexedFrame(n, 66, 50)).ToList();

        await TestMedia.WriteAsync(path, new VideoWriterOptions { Format = OutputFormat.Ffv1 }, frames);
        var read = await VideoReader.Open(path).ReadAsync(0, 15).ToListAsync();

        Assert.Equal(frames.Select(f => f.Pixels), read.Select(f => f.Pixels));
        Assert.Equal(["lossless.mkv"], _temp.Listing());
    }

    [Fact]
    public async Task NotReplacing_AFileThatAppearedWhileEncodingIsKeptAndTheWriterFails()
    {
        var path = _temp.File("taken.mkv");
        var writer = new VideoWriter(path, new VideoWriterOptions { Format = OutputFormat.Ffv1, ReplaceExisting = false });
        await using (writer)
        {
            await writer.WriteAsync(TestMedia.IndexedFrame(0, 66, 50));
            await File.WriteAllTextAsync(path, "someone else's");

            await Assert.ThrowsAsync<IOException>(() => writer.CompleteAsync());
        }

        Assert.Equal("someone else's", await File.ReadAllTextAsync(path));
        Assert.Equal(["taken.mkv"], _temp.Listing());
    }

    [Fact]
    public async Task H264_ProbesWithTheFrameCountAndSizeWritten_AndStaysAbove30DbPsnr()
    {
        var source = await VideoReader.Open(TestMedia.Vtest, new VideoReaderOptions { Width = 96, Height = 72 })
            .ReadAsync(100, 112).ToListAsync();
        var path = _temp.File("lossy.mp4");

        await TestMedia.WriteAsync(path, new VideoWriterOptions { FrameRate = new(10), Crf = 18 }, source);
        var info = VideoProbe.Probe(path);
        var read = await VideoReader.Open(path).ReadAsync(0, 12).ToListAsync();

        Assert.Equal((96, 72, 12, "h264", "yuv420p"), (info.Width, info.Height, info.FrameCount, info.Codec, info.PixelFormat));
        Assert.Equal(new FrameRate(10), info.FrameRate);
        var psnr = source.Zip(read, TestMedia.Psnr).ToList();
        Assert.All(psnr, db => Assert.True(db > 30, $"PSNR {db:F1} dB"));
    }

    [Fact]
    public async Task Png8Sequence_RoundTripsExactlyAndNumbersFilesFromStartNumber()
    {
        var pattern = _temp.File("out/%05d.png");
        var frames = Enumerable.Range(0, 4).Select(n => TestMedia.IndexedFrame(n)).ToList();

        await TestMedia.WriteAsync(pattern, new VideoWriterOptions { Format = OutputFormat.Png8, StartNumber = 1 }, frames);
        var read = await VideoReader.Open(pattern).ReadAsync(0, 4).ToListAsync();

        Assert.Equal(["out/00001.png", "out/00002.png", "out/00003.png", "out/00004.png"], _temp.Listing());
        Assert.Equal(frames.Select(f => f.Pixels), read.Select(f => f.Pixels));
        Assert.Equal(frames[2].Pixels, ImageFile.Read(_temp.File("out/00003.png")).Pixels);
        Assert.Equal("rgb24", VideoProbe.Probe(pattern).PixelFormat);
    }

    [Fact]
    public async Task Png16Sequence_KeepsSamplesAtOneIn65535Precision()
    {
        // Neighbouring 16-bit codes k/65535 and (k+1)/65535, which 8 bits would merge, must come back as written.
        var frames = Enumerable.Range(0, 3).Select(n =>
        {
            var samples = new float[32 * 24 * 3];
            for (var i = 0; i < samples.Length; i++) samples[i] = (n * 9001 + i * 23) % 65536 / 65535f;
            return new RgbFloatFrame(32, 24, samples);
        }).ToList();
        var pattern = _temp.File("deep/%03d.png");

        await using (var writer = new VideoWriter(pattern, new VideoWriterOptions { Format = OutputFormat.Png16 }))
        {
            foreach (var frame in frames) await writer.WriteAsync(frame);
            await writer.CompleteAsync();
        }
        var read = await VideoReader.Open(pattern).ReadFloatAsync(0, 3).ToListAsync();

        Assert.Equal("rgb48be", VideoProbe.Probe(pattern).PixelFormat);
        Assert.Equal(frames.Select(f => f.Pixels), read.Select(f => f.Pixels));
        Assert.Contains(frames[0].Pixels, v => Math.Round(v * 65535) % 257 != 0); // codes 8 bits cannot hold
        Assert.Equal(frames[1].Pixels, ImageFile.ReadFloat(_temp.File("deep/001.png")).Pixels);
    }

    [Fact]
    public async Task AudioSource_IsCopiedWithItsCodec_AndCutToTheFramesWithoutShorteningThem()
    {
        // 2 s of AAC against 10 frames (0.4 s): the audio ends with the frames.
        var source = _temp.File("source.mp4");
        await TestMedia.FfmpegAsync("-f", "lavfi", "-i", "testsrc2=size=64x48:rate=25:duration=2",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=2", "-c:v", "libx264", "-c:a", "aac", source);
        var path = _temp.File("with-audio.mp4");

        await TestMedia.WriteAsync(path, new VideoWriterOptions { AudioSource = source },
            Enumerable.Range(0, 10).Select(n => TestMedia.FlatFrame(n)));
        var info = VideoProbe.Probe(path);

        var audio = Assert.Single(info.AudioStreams);
        Assert.Equal(("aac", 1, 44100), (audio.Codec, audio.Channels, audio.SampleRate));
        Assert.Equal(10, info.FrameCount);
        Assert.Equal(Enumerable.Range(0, 10), (await VideoReader.Open(path).ReadAsync(0, 10).ToListAsync()).Select(TestMedia.FlatIndex));
        Assert.Equal(["source.mp4", "with-audio.mp4"], _temp.Listing());
    }

    [Fact]
    public async Task AudioSource_ShorterThanTheFrames_KeepsEveryFrame()
    {
        var source = _temp.File("beep.mkv");
        await TestMedia.FfmpegAsync("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=0.2", "-c:a", "pcm_s16le", source);
        var path = _temp.File("long.mkv");

        await TestMedia.WriteAsync(path, new VideoWriterOptions { Format = OutputFormat.Ffv1, AudioSource = source },
            Enumerable.Range(0, 20).Select(n => TestMedia.IndexedFrame(n)));
        var info = VideoProbe.Probe(path);

        Assert.Equal(20, info.FrameCount);
        Assert.Equal([new AudioStreamInfo(1, "pcm_s16le", 1, 48000)], info.AudioStreams);
    }

    [Fact]
    public async Task FailingEncode_LeavesNoFileUnderTheFinalNameAndKeepsTheOldOne()
    {
        // libx264 refuses yuv420p frames of odd width; the earlier output must survive untouched.
        var path = _temp.File("odd.mp4");
        await File.WriteAllTextAsync(path, "previous render");

        var error = await Assert.ThrowsAsync<MediaException>(() => TestMedia.WriteAsync(path, new VideoWriterOptions(),
            Enumerable.Range(0, 5).Select(n => TestMedia.IndexedFrame(n, 63, 47))));

        Assert.Contains("divisible by 2", error.Message);
        Assert.Equal("ffmpeg", error.Tool);
        Assert.Equal("previous render", await File.ReadAllTextAsync(path));
        Assert.Equal(["odd.mp4"], _temp.Listing());
    }

    [Fact]
    public async Task DisposedWithoutComplete_LeavesNothingBehind()
    {
        var file = _temp.File("abandoned.mkv");
        var pattern = _temp.File("abandoned/%04d.png");

        await using (var writer = new VideoWriter(file, new VideoWriterOptions { Format = OutputFormat.Ffv1 }))
            for (var n = 0; n < 3; n++) await writer.WriteAsync(TestMedia.IndexedFrame(n));
        await using (var writer = new VideoWriter(pattern, new VideoWriterOptions { Format = OutputFormat.Png8 }))
            for (var n = 0; n < 3; n++) await writer.WriteAsync(TestMedia.IndexedFrame(n));

        Assert.Empty(_temp.Listing());
        Assert.Empty(Directory.EnumerateFileSystemEntries(_temp.Path));
    }

    [Fact]
    public async Task WriteAsync_Cancelled_ThrowsAndLeavesNothingBehind()
    {
        var path = _temp.File("cancelled.mp4");
        using var cancel = new CancellationTokenSource();
        await using (var writer = new VideoWriter(path, new VideoWriterOptions()))
        {
            await writer.WriteAsync(TestMedia.FlatFrame(0));
            cancel.Cancel();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => writer.WriteAsync(TestMedia.FlatFrame(1), cancel.Token).AsTask());
            await Assert.ThrowsAsync<InvalidOperationException>(() => writer.CompleteAsync());
        }

        Assert.Empty(_temp.Listing());
    }

    [Fact]
    public async Task WriteAsync_FrameOfAnotherSize_IsRejected()
    {
        await using var writer = new VideoWriter(_temp.File("sizes.mkv"), new VideoWriterOptions { Format = OutputFormat.Ffv1 });
        await writer.WriteAsync(TestMedia.IndexedFrame(0));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => writer.WriteAsync(TestMedia.IndexedFrame(1, 32, 24)).AsTask());

        Assert.Contains("32x24", error.Message);
        Assert.Contains("64x48", error.Message);
    }

    [Fact]
    public async Task CompleteAsync_WithoutFrames_Throws()
    {
        await using var writer = new VideoWriter(_temp.File("empty.mp4"), new VideoWriterOptions());

        await Assert.ThrowsAsync<InvalidOperationException>(() => writer.CompleteAsync());
        Assert.Empty(_temp.Listing());
    }

    [Theory]
    [InlineData("film.avi", OutputFormat.H264)]
    [InlineData("film.mp4", OutputFormat.Ffv1)]
    [InlineData("frame.png", OutputFormat.Png8)]
    [InlineData("frames/%05d.jpg", OutputFormat.Png16)]
    public void Constructor_PathThatDoesNotSuitTheFormat_Throws(string name, OutputFormat format)
    {
        var error = Assert.Throws<ArgumentException>(() => new VideoWriter(_temp.File(name), new VideoWriterOptions { Format = format }));

        Assert.Contains(name, error.Message);
    }

    [Fact]
    public void Constructor_AudioForAnImageSequence_Throws() =>
        Assert.Throws<ArgumentException>(() => new VideoWriter(_temp.File("%03d.png"),
            new VideoWriterOptions { Format = OutputFormat.Png8, AudioSource = TestMedia.Megamind }));
}
