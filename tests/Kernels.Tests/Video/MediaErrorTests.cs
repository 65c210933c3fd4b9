using StyleFarm.Kernels.Video;

namespace StyleFarm.Kernels.Tests.Video;

/// <summary>Bad inputs give clear exceptions that carry ffmpeg's own message.</summary>
public sealed class MediaErrorTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task MissingFile_ThrowsFileNotFoundNamingIt()
    {
        var path = _temp.File("nowhere.mp4");

        var probe = Assert.Throws<FileNotFoundException>(() => VideoProbe.Probe(path));
        var open = await Assert.ThrowsAsync<FileNotFoundException>(() => VideoReader.OpenAsync(path));
        var image = Assert.Throws<FileNotFoundException>(() => ImageFile.Read(_temp.File("nowhere.png")));

        Assert.Equal(path, probe.FileName);
        Assert.Contains("nowhere.mp4", open.Message);
        Assert.Contains("nowhere.png", image.Message);
    }

    [Fact]
    public void EmptyImageSequencePattern_ThrowsFileNotFoundNamingThePattern()
    {
        var pattern = _temp.File("frames/%05d.png");

        var error = Assert.Throws<FileNotFoundException>(() => VideoProbe.Probe(pattern));

        Assert.Contains(pattern, error.Message);
    }

    [Fact]
    public async Task TruncatedAvi_ThrowsMediaExceptionWhenTheFramesRunOut()
    {
        // The first half of vtest.avi: its header still promises 795 frames.
        var path = _temp.File("half.avi");
        var bytes = await File.ReadAllBytesAsync(TestMedia.Vtest);
        await File.WriteAllBytesAsync(path, bytes[..(bytes.Length / 2)]);
        var reader = VideoReader.Open(path, new VideoReaderOptions { Width = 48, Height = 36 });

        var error = await Assert.ThrowsAsync<MediaException>(() => reader.ReadAsync(390, 420).ToListAsync());

        Assert.Equal(795, reader.Info.FrameCount);
        Assert.Contains("truncated or corrupt", error.Message);
        Assert.Contains("half.avi", error.Message);
        Assert.Contains("error while decoding", error.ToolMessage);
    }

    [Fact]
    public async Task TruncatedMp4_ThrowsMediaExceptionWithFfprobesMessage()
    {
        // Without +faststart the index (moov) is written last, so half a file has none: a recording cut short.
        var whole = _temp.File("whole.mp4");
        await TestMedia.FfmpegAsync("-f", "lavfi", "-i", "testsrc2=size=64x48:rate=25:duration=1", "-c:v", "libx264", whole);
        var path = _temp.File("cut.mp4");
        var bytes = await File.ReadAllBytesAsync(whole);
        await File.WriteAllBytesAsync(path, bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<MediaException>(() => VideoProbe.Probe(path));

        Assert.Contains("moov atom not found", error.Message);
        Assert.Equal(path, error.Path);
        Assert.Equal("ffprobe", error.Tool);
        Assert.Equal(1, error.ExitCode);
    }

    [Fact]
    public async Task RandomBytes_ThrowsMediaExceptionWithFfprobesMessage()
    {
        var path = _temp.File("noise.mp4");
        var noise = new byte[4096];
        new Random(20240611).NextBytes(noise);
        await File.WriteAllBytesAsync(path, noise);

        var error = Assert.Throws<MediaException>(() => VideoProbe.Probe(path));

        Assert.Contains("Invalid data found when processing input", error.ToolMessage);
        Assert.Contains("noise.mp4", error.Message);
    }

    [Fact]
    public async Task UnknownCodec_ThrowsMediaExceptionNamingTheCodecTag()
    {
        // vtest.avi's header with its codec tag (div3, in the stream header and the format) replaced by one no decoder knows.
        var path = _temp.File("unknown-codec.avi");
        var bytes = (await File.ReadAllBytesAsync(TestMedia.Vtest))[..300_000];
        Assert.Equal("div3div3", System.Text.Encoding.ASCII.GetString([.. bytes[112..116], .. bytes[188..192]]));
        "zzzzZZZZ"u8[..4].CopyTo(bytes.AsSpan(112));
        "zzzzZZZZ"u8[4..].CopyTo(bytes.AsSpan(188));
        await File.WriteAllBytesAsync(path, bytes);

        var error = Assert.Throws<MediaException>(() => VideoProbe.Probe(path));

        Assert.Contains("cannot decode", error.Message);
        Assert.Contains("ZZZZ", error.Message);
    }

    [Fact]
    public async Task PngThatIsNotAPng_ThrowsMediaExceptionWithTheDecodersMessage()
    {
        var path = _temp.File("fake.png");
        await File.WriteAllTextAsync(path, "this is a text file wearing a .png name");

        var read = Assert.Throws<MediaException>(() => ImageFile.Read(path));
        var probe = Assert.Throws<MediaException>(() => VideoProbe.Probe(path));

        Assert.Contains("Invalid PNG signature", read.ToolMessage);
        Assert.Contains("fake.png", read.Message);
        Assert.Contains("Invalid PNG signature", probe.ToolMessage);
    }

    [Fact]
    public async Task MediaProcess_KillOnCancel_StopsARunningFfmpeg()
    {
        // An endless test pattern: only the kill can end this process.
        await using var process = MediaProcess.Start("ffmpeg",
            ["-nostdin", "-v", "error", "-f", "lavfi", "-i", "testsrc2=size=64x48", "-f", "rawvideo", "pipe:1"], "endless test pattern");
        var firstBytes = new byte[1024];
        await process.Output.ReadExactlyAsync(firstBytes);
        using var cancel = new CancellationTokenSource();
        await using var registration = process.KillOnCancel(cancel.Token);

        cancel.Cancel();
        var exitCode = await process.WaitForExitAsync();

        Assert.NotEqual(0, exitCode);
    }
}
