using StyleFarm.Kernels.Imaging;
using StyleFarm.Kernels.Video;
using StyleFarm.Silo.Execution;
using StyleFarm.Silo.Tests.Artifacts;

namespace StyleFarm.Silo.Tests.Execution;

/// <summary>The stylized frames' file format: exact 16-bit round trips that ordinary tools read the same way.</summary>
public sealed class Png16Tests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public void EverySixteenBitSampleSurvivesTheRoundTripExactly()
    {
        var frame = Ramp(37, 11);

        var decoded = Png16.Decode(Png16.Encode(frame), "ramp.png");

        Assert.Equal((37, 11), (decoded.Width, decoded.Height));
        Assert.Equal(frame.Pixels, decoded.Pixels);
    }

    [Fact]
    public void SamplesOutsideTheUnitRangeAreClampedAndNaNIsBlack()
    {
        var frame = new RgbFloatFrame(1, 1, [-0.5f, 1.7f, float.NaN]);

        Assert.Equal([0f, 1f, 0f], Png16.Decode(Png16.Encode(frame), "clamped.png").Pixels);
    }

    [Fact]
    public void FfmpegReadsTheWrittenFileAsTheSameSamples()
    {
        var frame = Ramp(64, 48);
        var path = Path.Combine(_folder.Path, "frame.png");
        File.WriteAllBytes(path, Png16.Encode(frame));

        Assert.Equal(frame.Pixels, ImageFile.ReadFloat(path).Pixels);
    }

    [Fact]
    public void ASixteenBitPngWrittenByFfmpegDecodesToItsSamples()
    {
        var frame = Ramp(20, 9);
        var path = Path.Combine(_folder.Path, "ffmpeg.png");
        ImageFile.Write(path, frame);

        Assert.Equal(frame.Pixels, Png16.Decode(File.ReadAllBytes(path), path).Pixels);
    }

    [Fact]
    public void ACorruptedByteIsCaughtByTheChunkChecksum()
    {
        var bytes = Png16.Encode(Ramp(8, 8));
        bytes[^20] ^= 0x40;

        var error = Assert.Throws<InvalidDataException>(() => Png16.Decode(bytes, "jobs/j/frame/000003.png"));

        Assert.Contains("jobs/j/frame/000003.png is a corrupt PNG: the CRC of its IDAT chunk does not match", error.Message);
    }

    [Fact]
    public void AnEightBitPngIsRefusedWithItsDepth()
    {
        var path = Path.Combine(_folder.Path, "eight.png");
        ImageFile.Write(path, new RgbFrame(4, 4, new byte[48]));

        var error = Assert.Throws<InvalidDataException>(() => Png16.Decode(File.ReadAllBytes(path), path));

        Assert.Contains("bit depth 8, colour type 2", error.Message);
    }

    // Samples k/65535 for k spread over the whole 16-bit range, different in every pixel and channel.
    private static RgbFloatFrame Ramp(int width, int height)
    {
        var pixels = new float[width * height * 3];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = (i * 7919 % 65536) / 65535f;
        return new RgbFloatFrame(width, height, pixels);
    }

    public void Dispose() => _folder.Dispose();
}
