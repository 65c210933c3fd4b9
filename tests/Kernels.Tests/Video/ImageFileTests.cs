using StyleFarm.Kernels.Imaging;
using StyleFarm.Kernels.Video;

namespace StyleFarm.Kernels.Tests.Video;

public sealed class ImageFileTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Write8Bit_ThenRead_ReturnsTheSameBytes()
    {
        var frame = TestMedia.IndexedFrame(5, 40, 30);
        var path = _temp.File("eight.png");

        ImageFile.Write(path, frame);
        var read = ImageFile.Read(path);

        Assert.Equal((40, 30), (read.Width, read.Height));
        Assert.Equal(frame.Pixels, read.Pixels);
        Assert.Equal("rgb24", VideoProbe.Probe(path).PixelFormat);
        Assert.Equal(["eight.png"], _temp.Listing());
    }

    [Fact]
    public void Write16Bit_ThenReadFloat_KeepsEvery16BitCode()
    {
        var samples = new float[20 * 10 * 3];
        for (var i = 0; i < samples.Length; i++) samples[i] = (i * 97 + 1) % 65536 / 65535f;
        var path = _temp.File("sixteen.png");

        ImageFile.Write(path, new RgbFloatFrame(20, 10, samples));
        var read = ImageFile.ReadFloat(path);

        Assert.Equal(samples, read.Pixels);
        Assert.Equal("rgb48be", VideoProbe.Probe(path).PixelFormat);
    }

    [Fact]
    public void Write16Bit_ThenRead8Bit_RoundsToTheNearest8BitLevel()
    {
        var path = _temp.File("levels.png");
        float[] samples = [0f, 1f, 0.5f, 100 / 255f, 1.5f, -0.25f];

        ImageFile.Write(path, new RgbFloatFrame(2, 1, samples));
        var read = ImageFile.Read(path);

        Assert.Equal([0, 255, 128, 100, 255, 0], read.Pixels);
    }

    [Fact]
    public void Read_JpegPhotoFromTheDemoData_DecodesAtItsOddSize()
    {
        var frame = ImageFile.Read(Path.Combine(TestMedia.DataFolder, "HappyFish.jpg"));

        Assert.Equal((259, 194), (frame.Width, frame.Height));
        Assert.Equal(259 * 194 * 3, frame.Pixels.Length);
    }

    [Fact]
    public void Write_ToANameThatIsNotPng_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => ImageFile.Write(_temp.File("frame.jpg"), TestMedia.IndexedFrame(0)));

        Assert.Contains("frame.jpg", error.Message);
        Assert.Empty(_temp.Listing());
    }

    [Fact]
    public void Write_ReplacesAnExistingImage()
    {
        var path = _temp.File("replaced.png");
        ImageFile.Write(path, TestMedia.IndexedFrame(1));

        ImageFile.Write(path, TestMedia.IndexedFrame(2));

        Assert.Equal(TestMedia.IndexedFrame(2).Pixels, ImageFile.Read(path).Pixels);
        Assert.Equal(["replaced.png"], _temp.Listing());
    }
}
