using System.Buffers.Binary;
using StyleFarm.Kernels.Flow;

namespace StyleFarm.Kernels.Tests.Flow;

public sealed class FloFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("stylefarm-flo-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void WriteThenRead_GivesBackEveryValueBitForBit()
    {
        var flow = new FlowField(5, 3);
        for (var i = 0; i < flow.Data.Length; i++) flow.Data[i] = (i - 7) * 0.37f;
        flow.Set(4, 2, 1e10f, float.NaN); // Middlebury's unknown marks survive too
        var path = Path.Combine(_folder, "a.flo");

        FloFile.Write(path, flow);
        var read = FloFile.Read(path);

        Assert.Equal((5, 3), (read.Width, read.Height));
        Assert.Equal(flow.Data.Select(BitConverter.SingleToInt32Bits), read.Data.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void Write_ProducesTheMiddleburyLayout()
    {
        var flow = new FlowField(2, 1);
        flow.Set(0, 0, 1.5f, -2f);
        flow.Set(1, 0, 0.25f, 8f);
        var path = Path.Combine(_folder, "layout.flo");

        FloFile.Write(path, flow);
        var bytes = File.ReadAllBytes(path);

        Assert.Equal(12 + 2 * 1 * 8, bytes.Length);
        Assert.Equal("PIEH"u8.ToArray(), bytes[..4]);
        Assert.Equal(202021.25f, BinaryPrimitives.ReadSingleLittleEndian(bytes));
        Assert.Equal(2, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4)));
        Assert.Equal(1, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8)));
        float[] payload = [.. Enumerable.Range(0, 4).Select(i => BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(12 + 4 * i)))];
        Assert.Equal([1.5f, -2f, 0.25f, 8f], payload);
    }

    [Fact]
    public void Write_ReplacesAnExistingFileAndLeavesNoTemporaryFile()
    {
        var path = Path.Combine(_folder, "b.flo");
        FloFile.Write(path, FlowField.Uniform(4, 4, 1, 1));

        FloFile.Write(path, FlowField.Uniform(2, 3, -1, 2));

        Assert.Equal([path], Directory.GetFiles(_folder));
        var read = FloFile.Read(path);
        Assert.Equal((2, 3, -1f, 2f), (read.Width, read.Height, read.U(1, 2), read.V(1, 2)));
    }

    [Fact]
    public void Write_IntoAMissingFolder_FailsNamingTheFileAndLeavesNothing()
    {
        var path = Path.Combine(_folder, "missing", "c.flo");

        var error = Assert.Throws<IOException>(() => FloFile.Write(path, new FlowField(2, 2)));

        Assert.Contains(path, error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public void Read_OfAMissingFile_NamesIt()
    {
        var path = Path.Combine(_folder, "none.flo");

        var error = Assert.Throws<FileNotFoundException>(() => FloFile.Read(path));

        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Read_RejectsTheWrongMagicNumber()
    {
        var path = WriteRaw("png.flo", Header(0x474E5089, 2, 2), new byte[32]);

        var error = Assert.Throws<InvalidDataException>(() => FloFile.Read(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("magic", error.Message);
        Assert.Contains("89504E47", error.Message);
    }

    [Fact]
    public void Read_RejectsAHugeHeaderSizeOnATinyFile_WithoutAllocatingIt()
    {
        var path = WriteRaw("huge.flo", Header(MagicBits, 100_000, 100_000), new byte[16]);

        var error = Assert.Throws<InvalidDataException>(() => FloFile.Read(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("100000x100000", error.Message);
        Assert.Contains("80000000012 bytes", error.Message);
        Assert.Contains("the file has 28", error.Message);
    }

    [Theory]
    [InlineData(-4, 2)]
    [InlineData(3, -1)]
    [InlineData(0, 5)]
    [InlineData(int.MinValue, int.MinValue)]
    public void Read_RejectsSizesThatAreNotPositive(int width, int height)
    {
        var path = WriteRaw("negative.flo", Header(MagicBits, width, height), new byte[64]);

        var error = Assert.Throws<InvalidDataException>(() => FloFile.Read(path));

        Assert.Contains(path, error.Message);
        Assert.Contains($"{width}x{height}", error.Message);
        Assert.Contains("not positive", error.Message);
    }

    [Fact]
    public void Read_RejectsTruncatedData()
    {
        var path = WriteRaw("short.flo", Header(MagicBits, 4, 3), new byte[4 * 3 * 8 - 1]);

        var error = Assert.Throws<InvalidDataException>(() => FloFile.Read(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void Read_RejectsTrailingBytes()
    {
        var path = WriteRaw("long.flo", Header(MagicBits, 4, 3), new byte[4 * 3 * 8 + 4]);

        var error = Assert.Throws<InvalidDataException>(() => FloFile.Read(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("trailing bytes", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    public void Read_RejectsAFileShorterThanTheHeader(int length)
    {
        var path = WriteRaw("stub.flo", Header(MagicBits, 1, 1)[..length], []);

        var error = Assert.Throws<InvalidDataException>(() => FloFile.Read(path));

        Assert.Contains(path, error.Message);
        Assert.Contains($"has {length} bytes", error.Message);
    }

    private static readonly int MagicBits = BitConverter.SingleToInt32Bits(202021.25f);

    private static byte[] Header(int magicBits, int width, int height)
    {
        var header = new byte[12];
        BinaryPrimitives.WriteInt32LittleEndian(header, magicBits);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4), width);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), height);
        return header;
    }

    private string WriteRaw(string name, byte[] header, byte[] payload)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, [.. header, .. payload]);
        return path;
    }
}
