using StyleFarm.Kernels.Models;

namespace StyleFarm.Kernels.Tests.Models;

public sealed class SafeTensorsMalformedTests : IDisposable
{
    private const string Ok = """{"dtype":"F32","shape":[2],"data_offsets":[0,8]}""";
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("[1, 2, 3]", 0, "the header is a JSON array, not an object")]
    [InlineData("\"weights\"", 0, "the header is a JSON string, not an object")]
    [InlineData("{\"a\": ", 0, "header is not valid UTF-8 JSON")]
    [InlineData("{\"a\": 5}", 0, "tensor 'a': its entry is not a JSON object")]
    [InlineData("""{"a":{"shape":[2],"data_offsets":[0,8]}}""", 8, "tensor 'a': the entry has no 'dtype'")]
    [InlineData("""{"a":{"dtype":"F32","data_offsets":[0,8]}}""", 8, "tensor 'a': the entry has no 'shape'")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2]}}""", 8, "tensor 'a': the entry has no 'data_offsets'")]
    [InlineData("""{"a":{"dtype":7,"shape":[2],"data_offsets":[0,8]}}""", 8, "tensor 'a': 'dtype' is not a string")]
    [InlineData("""{"a":{"dtype":"F128","shape":[2],"data_offsets":[0,8]}}""", 8, "tensor 'a': unknown dtype 'F128'")]
    [InlineData("""{"a":{"dtype":"f32","shape":[2],"data_offsets":[0,8]}}""", 8, "tensor 'a': unknown dtype 'f32'")]
    [InlineData("""{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}""", 8, "tensor 'a': 'shape' must be an array of non-negative integers")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2.5],"data_offsets":[0,8]}}""", 8, "tensor 'a': 'shape' must be an array of non-negative integers")]
    [InlineData("""{"a":{"dtype":"F32","shape":"2","data_offsets":[0,8]}}""", 8, "tensor 'a': 'shape' must be an array of non-negative integers")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8,16]}}""", 8, "tensor 'a': 'data_offsets' must be [begin, end]")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}""", 8, "tensor 'a': data_offsets end 0 is before begin 8")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,16]}}""", 8, "tensor 'a': data_offsets [0, 16] run past the end of the data, which is 8 bytes")]
    [InlineData("""{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""", 8, "tensor 'a': holds 8 bytes, but dtype F32 with shape [3] needs 12")]
    [InlineData("""{"a":{"dtype":"F16","shape":[2],"data_offsets":[0,8]}}""", 8, "tensor 'a': holds 8 bytes, but dtype F16 with shape [2] needs 4")]
    [InlineData("""{"a":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,8]}}""", 8, "tensor 'a': shape [4611686018427387904, 4] is too large to address")]
    [InlineData("{\"a\":" + Ok + ",\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8, "tensors 'a' (bytes 0–8) and 'b' (bytes 4–8) overlap")]
    [InlineData("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8, "data bytes 0–4 belong to no tensor")]
    [InlineData("{\"a\":" + Ok + "}", 12, "the last 4 bytes of data (from 8 to 12) belong to no tensor")]
    [InlineData("{\"a\":" + Ok + ",\"a\":" + Ok + "}", 8, "the header names 'a' twice")]
    [InlineData("{\"__metadata__\":[1],\"a\":" + Ok + "}", 8, "'__metadata__' must be an object of strings, not a JSON array")]
    [InlineData("{\"__metadata__\":{\"epoch\":3},\"a\":" + Ok + "}", 8, "'__metadata__' entry 'epoch' must be a string")]
    public void MalformedHeaderIsRejectedNamingTheFileAndTheProblem(string header, int dataBytes, string problem)
    {
        var path = _folder.File("bad.safetensors");
        RawSafeTensors.Write(path, header, new byte[dataBytes]);
        var e = Assert.Throws<InvalidModelFileException>(() => SafeTensorsFile.Open(path));
        Assert.Equal(path, e.FilePath);
        Assert.StartsWith(path + ": ", e.Message);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void FileShorterThanTheHeaderLengthFieldIsRejected()
    {
        var path = _folder.File("short.safetensors");
        File.WriteAllBytes(path, [1, 2, 3]);
        var e = Assert.Throws<InvalidModelFileException>(() => SafeTensorsFile.Open(path));
        Assert.Equal($"{path}: the file is 3 bytes long, too short for the 8-byte header length of a safetensors file", e.Message);
    }

    [Fact]
    public void HeaderLengthPastTheEndOfTheFileIsRejected()
    {
        var path = _folder.File("long.safetensors");
        RawSafeTensors.Write(path, "{}", [], headerLength: 1000);
        var e = Assert.Throws<InvalidModelFileException>(() => SafeTensorsFile.Open(path));
        Assert.Equal($"{path}: header length 1000 is larger than the 2 bytes that follow it (truncated file, or not a safetensors file)", e.Message);
    }

    [Fact]
    public void AbsurdHeaderLengthIsRejectedWithoutAllocatingIt()
    {
        var path = _folder.File("absurd.safetensors");
        RawSafeTensors.Write(path, "{}", [], headerLength: ulong.MaxValue);
        var e = Assert.Throws<InvalidModelFileException>(() => SafeTensorsFile.Open(path));
        Assert.Equal($"{path}: header length {ulong.MaxValue} exceeds the 100000000-byte limit; this is not a safetensors file", e.Message);
    }

    [Fact]
    public void HeaderThatIsNotUtf8IsRejected()
    {
        var path = _folder.File("latin1.safetensors");
        RawSafeTensors.Write(path, [(byte)'{', (byte)'"', 0xE9, (byte)'"', (byte)':', (byte)'1', (byte)'}'], []);
        var e = Assert.Throws<InvalidModelFileException>(() => SafeTensorsFile.Open(path));
        Assert.Contains("the 7-byte header is not valid UTF-8 JSON", e.Message);
    }

    [Fact]
    public void TruncatedDataIsRejectedNamingTheTensorThatRunsPastTheEnd()
    {
        var path = _folder.File("cut.safetensors");
        new SafeTensorsWriter().Add("a", [4], [1f, 2f, 3f, 4f]).Add("b", [4], [5f, 6f, 7f, 8f]).Write(path);
        using (var stream = new FileStream(path, FileMode.Open)) stream.SetLength(stream.Length - 5);
        var e = Assert.Throws<InvalidModelFileException>(() => SafeTensorsFile.Open(path));
        Assert.Contains($"{path}: tensor 'b': data_offsets [16, 32] run past the end of the data, which is 27 bytes", e.Message);
    }

    [Fact]
    public void MissingFileGivesFileNotFound()
    {
        var path = _folder.File("nowhere.safetensors");
        var e = Assert.Throws<FileNotFoundException>(() => SafeTensorsFile.Open(path));
        Assert.Contains(path, e.Message);
    }
}
