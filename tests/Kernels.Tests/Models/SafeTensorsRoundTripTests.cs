using System.Buffers.Binary;
using StyleFarm.Kernels.Models;

namespace StyleFarm.Kernels.Tests.Models;

public sealed class SafeTensorsRoundTripTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void WriterThenReaderGivesBackExactFloatsShapesDtypesAndMetadata()
    {
        var path = _folder.File("w.safetensors");
        float[] weight = [1.5f, -0.0f, float.MaxValue, float.Epsilon, -3.25e-20f, 7f];
        float[] bias = [0.1f, -0.2f];
        new SafeTensorsWriter()
            .Add("features.0.weight", [2, 3, 1, 1], weight)
            .Add("features.0.bias", [2], bias)
            .AddBytes("step", SafeTensorsDType.I64, [], BitConverter.GetBytes(42L))
            .AddMetadata("format", "pt")
            .Write(path);

        using var file = SafeTensorsFile.Open(path);
        Assert.Equal(["features.0.weight", "features.0.bias", "step"], file.Tensors.Select(t => t.Name));
        var info = file.GetInfo("features.0.weight");
        Assert.Equal(SafeTensorsDType.F32, info.DType);
        Assert.Equal([2L, 3, 1, 1], info.Shape);
        Assert.Equal(6, info.ElementCount);
        Assert.Equal(24, info.ByteLength);
        Assert.Equal(weight.Select(BitConverter.SingleToInt32Bits), file.ReadFloats("features.0.weight").Select(BitConverter.SingleToInt32Bits));
        Assert.Equal(bias, file.ReadFloats("features.0.bias"));
        Assert.Equal(42L, BitConverter.ToInt64(file.ReadBytes("step")));
        Assert.Equal(new Dictionary<string, string> { ["format"] = "pt" }, file.Metadata);
        // The reference writer pads the header with spaces so the data is 8-byte aligned.
        Assert.Equal(0, file.DataStart % 8);
        Assert.Equal(24 + 8 + 8, file.DataLength);
    }

    [Fact]
    public void F16BitPatternsWidenToTheirExactValues()
    {
        ushort[] bits = [0x3C00, 0xC000, 0x3555, 0x7BFF, 0x0001, 0x8000, 0x7C00, 0x3800];
        double[] expected = [1.0, -2.0, 0.333251953125, 65504.0, Math.Pow(2, -24), -0.0, double.PositiveInfinity, 0.5];
        var values = ReadBack(SafeTensorsDType.F16, bits.SelectMany(b => new[] { (byte)b, (byte)(b >> 8) }).ToArray(), bits.Length);
        Assert.Equal(expected.Select(e => (float)e), values);
        Assert.True(float.IsNegative(values[5]));
    }

    [Fact]
    public void BF16BitPatternsWidenToTheirExactValues()
    {
        ushort[] bits = [0x3F80, 0x4049, 0xC2F7, 0x0001, 0x7F7F, 0xFF80];
        double[] expected = [1.0, 3.140625, -123.5, Math.Pow(2, -133), 3.3895313892515355e38, double.NegativeInfinity];
        var values = ReadBack(SafeTensorsDType.BF16, bits.SelectMany(b => new[] { (byte)b, (byte)(b >> 8) }).ToArray(), bits.Length);
        Assert.Equal(expected.Select(e => (float)e), values);
    }

    [Fact]
    public void F64RoundsToTheNearestFloat32()
    {
        double[] doubles = [0.1, -1e300, 1.0 + Math.Pow(2, -30), 3.0];
        var bytes = new byte[doubles.Length * 8];
        for (var i = 0; i < doubles.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * 8), doubles[i]);
        Assert.Equal([0.1f, float.NegativeInfinity, 1.0f, 3.0f], ReadBack(SafeTensorsDType.F64, bytes, doubles.Length));
    }

    [Fact]
    public void WriterRoundsFloatsToNearestEvenHalfAndBFloat16Bits()
    {
        var path = _folder.File("narrow.safetensors");
        new SafeTensorsWriter()
            .Add("h", SafeTensorsDType.F16, [3], [1f / 3f, 1.0f, 65504f])
            .Add("b", SafeTensorsDType.BF16, [3], [1f / 3f, 1.0f, BitConverter.Int32BitsToSingle(0x3F808000)])
            .Write(path);
        using var file = SafeTensorsFile.Open(path);
        Assert.Equal(new byte[] { 0x55, 0x35, 0x00, 0x3C, 0xFF, 0x7B }, file.ReadBytes("h"));
        // 1/3 is 0x3EAAAAAB: rounds up to 0x3EAB; 0x3F808000 is a tie and rounds to the even 0x3F80.
        Assert.Equal(new byte[] { 0xAB, 0x3E, 0x80, 0x3F, 0x80, 0x3F }, file.ReadBytes("b"));
    }

    [Fact]
    public void LargeF16TensorConvertsAcrossReadChunks()
    {
        const int count = 700_000; // more than one 1 MiB conversion chunk of 2-byte elements
        var values = Enumerable.Range(0, count).Select(i => (float)(i % 4096 - 2048)).ToArray();
        var path = _folder.File("big.safetensors");
        new SafeTensorsWriter().Add("x", SafeTensorsDType.F16, [count], values).Write(path);
        using var file = SafeTensorsFile.Open(path);
        Assert.Equal(values, file.ReadFloats("x"));
    }

    [Fact]
    public void IntegerTensorIsReadableAsBytesButNotAsFloats()
    {
        var path = _folder.File("int.safetensors");
        new SafeTensorsWriter().AddBytes("ids", SafeTensorsDType.I32, [2], [1, 0, 0, 0, 2, 0, 0, 0]).Write(path);
        using var file = SafeTensorsFile.Open(path);
        Assert.Equal(new byte[] { 1, 0, 0, 0, 2, 0, 0, 0 }, file.ReadBytes("ids"));
        var e = Assert.Throws<InvalidOperationException>(() => file.ReadFloats("ids"));
        Assert.Contains("dtype I32", e.Message);
    }

    [Fact]
    public void AskingForAnAbsentTensorNamesTheFileAndTheTensor()
    {
        var path = _folder.File("one.safetensors");
        new SafeTensorsWriter().Add("a", [1], [1f]).Write(path);
        using var file = SafeTensorsFile.Open(path);
        Assert.False(file.Contains("b"));
        var e = Assert.Throws<KeyNotFoundException>(() => file.GetInfo("b"));
        Assert.Contains(path, e.Message);
        Assert.Contains("'b'", e.Message);
    }

    [Fact]
    public void EmptyFileWithNoTensorsIsValid()
    {
        var path = _folder.File("empty.safetensors");
        new SafeTensorsWriter().Write(path);
        using var file = SafeTensorsFile.Open(path);
        Assert.Empty(file.Tensors);
        Assert.Equal(0, file.DataLength);
    }

    [Fact]
    public void WritingOverAnExistingFileReplacesItAndLeavesNoTemporaryFiles()
    {
        var path = _folder.File("w.safetensors");
        new SafeTensorsWriter().Add("a", [1], [1f]).Write(path);
        new SafeTensorsWriter().Add("b", [2], [2f, 3f]).Write(path);
        Assert.Equal(["w.safetensors"], Directory.GetFiles(_folder.Path).Select(Path.GetFileName));
        using var file = SafeTensorsFile.Open(path);
        Assert.Equal([2f, 3f], file.ReadFloats("b"));
        Assert.False(file.Contains("a"));
    }

    [Fact]
    public void ZeroTensorsAreStreamedAsZeros()
    {
        var path = _folder.File("z.safetensors");
        new SafeTensorsWriter().AddZeros("z", SafeTensorsDType.F32, [300, 300]).Add("after", [1], [5f]).Write(path);
        using var file = SafeTensorsFile.Open(path);
        Assert.All(file.ReadFloats("z"), v => Assert.Equal(0f, v));
        Assert.Equal([5f], file.ReadFloats("after"));
    }

    [Fact]
    public void WriterRefusesDataThatDoesNotMatchTheShape()
    {
        var e = Assert.Throws<ArgumentException>(() => new SafeTensorsWriter().Add("w", [2, 2], [1f, 2f, 3f]));
        Assert.Contains("'w'", e.Message);
        Assert.Contains("[2, 2] holds 4 values, got 3", e.Message);
    }

    private float[] ReadBack(SafeTensorsDType dtype, byte[] bytes, int count)
    {
        var path = _folder.File($"{dtype}.safetensors");
        new SafeTensorsWriter().AddBytes("t", dtype, [count], bytes).Write(path);
        using var file = SafeTensorsFile.Open(path);
        return file.ReadFloats("t");
    }
}
