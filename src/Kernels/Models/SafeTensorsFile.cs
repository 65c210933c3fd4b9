using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace StyleFarm.Kernels.Models;

/// <summary>
/// A safetensors file opened for reading: an 8-byte little-endian header length N, N bytes of UTF-8
/// JSON mapping tensor names to {dtype, shape, data_offsets}, then the tensor data. Opening reads and
/// checks only the header; tensor data is read on demand, one tensor at a time, so a 550 MB VGG-19
/// file never sits in memory whole. Reads are positional, so several threads may read at once.
/// </summary>
public sealed class SafeTensorsFile : IDisposable
{
    /// <summary>Largest header accepted (the reference implementation's limit): more is not a weights file.</summary>
    public const long MaxHeaderBytes = 100_000_000;

    internal const string MetadataKey = "__metadata__";
    private const int ConversionChunkBytes = 1 << 20;

    private readonly SafeFileHandle _handle;
    private readonly Dictionary<string, SafeTensorInfo> _tensors;

    private SafeTensorsFile(string path, SafeFileHandle handle, long dataStart, long dataLength,
        Dictionary<string, SafeTensorInfo> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        Path = path;
        _handle = handle;
        DataStart = dataStart;
        DataLength = dataLength;
        _tensors = tensors;
        Tensors = tensors.Values.OrderBy(t => t.DataBegin).ThenBy(t => t.Name, StringComparer.Ordinal).ToList();
        Metadata = metadata;
    }

    /// <summary>The file's path as given to <see cref="Open"/>.</summary>
    public string Path { get; }

    /// <summary>File offset of the first data byte (8 + header length).</summary>
    public long DataStart { get; }

    /// <summary>Bytes of tensor data after the header.</summary>
    public long DataLength { get; }

    /// <summary>The optional "__metadata__" string map; empty when the file has none.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Every tensor, in the order of its data in the file.</summary>
    public IReadOnlyList<SafeTensorInfo> Tensors { get; }

    /// <summary>Opens <paramref name="path"/> and checks its header and offsets; throws <see cref="InvalidModelFileException"/> naming the problem.</summary>
    public static SafeTensorsFile Open(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"weights file not found: {path}", path);
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            var fileLength = RandomAccess.GetLength(handle);
            if (fileLength < 8)
                throw new InvalidModelFileException(path, $"the file is {fileLength} bytes long, too short for the 8-byte header length of a safetensors file");
            Span<byte> lengthBytes = stackalloc byte[8];
            ReadExactly(handle, lengthBytes, 0, path);
            var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
            if (headerLength > MaxHeaderBytes)
                throw new InvalidModelFileException(path, $"header length {headerLength} exceeds the {MaxHeaderBytes}-byte limit; this is not a safetensors file");
            if ((long)headerLength > fileLength - 8)
                throw new InvalidModelFileException(path, $"header length {headerLength} is larger than the {fileLength - 8} bytes that follow it (truncated file, or not a safetensors file)");
            var header = new byte[headerLength];
            ReadExactly(handle, header, 8, path);
            var dataStart = 8 + (long)headerLength;
            var dataLength = fileLength - dataStart;
            var (tensors, metadata) = SafeTensorsHeader.Parse(path, header, dataLength);
            return new SafeTensorsFile(path, handle, dataStart, dataLength, tensors, metadata);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>True when the file holds a tensor of that name.</summary>
    public bool Contains(string name) => _tensors.ContainsKey(name);

    /// <summary>The named tensor's entry; throws <see cref="KeyNotFoundException"/> naming the file when absent.</summary>
    public SafeTensorInfo GetInfo(string name) =>
        _tensors.TryGetValue(name, out var info) ? info
            : throw new KeyNotFoundException($"{Path} holds no tensor named '{name}'");

    /// <summary>The named tensor's raw little-endian bytes.</summary>
    public byte[] ReadBytes(string name)
    {
        var info = GetInfo(name);
        var bytes = new byte[checked((int)info.ByteLength)];
        ReadExactly(_handle, bytes, DataStart + info.DataBegin, Path);
        return bytes;
    }

    /// <summary>The named tensor as float32, converted from F16, BF16 or F64 where stored so.</summary>
    public float[] ReadFloats(string name)
    {
        var info = GetInfo(name);
        if (info.ElementCount > Array.MaxLength)
            throw new InvalidOperationException($"{Path}: tensor '{name}' has {info.ElementCount} elements, more than one float[] can hold");
        var values = new float[info.ElementCount];
        ReadFloats(name, values);
        return values;
    }

    /// <summary>Reads the named tensor as float32 into <paramref name="destination"/>, which must hold exactly its element count.</summary>
    public void ReadFloats(string name, Span<float> destination)
    {
        var info = GetInfo(name);
        if (!SafeTensorsDTypes.IsFloatingPoint(info.DType))
            throw new InvalidOperationException($"{Path}: tensor '{name}' has dtype {info.DType}, which does not convert to float32 (only F16, BF16, F32, F64 do)");
        if (destination.Length != info.ElementCount)
            throw new ArgumentException($"tensor '{name}' has {info.ElementCount} elements; the destination holds {destination.Length}", nameof(destination));
        var offset = DataStart + info.DataBegin;
        if (info.DType == SafeTensorsDType.F32 && BitConverter.IsLittleEndian)
        {
            // Same bytes on disk and in memory: read straight into the destination.
            ReadExactly(_handle, MemoryMarshal.AsBytes(destination), offset, Path);
            return;
        }
        var size = SafeTensorsDTypes.SizeOf(info.DType);
        var perChunk = ConversionChunkBytes / size;
        var buffer = new byte[perChunk * size];
        for (var done = 0; done < destination.Length; done += perChunk)
        {
            var count = Math.Min(perChunk, destination.Length - done);
            var chunk = buffer.AsSpan(0, count * size);
            ReadExactly(_handle, chunk, offset + (long)done * size, Path);
            SafeTensorsDTypes.DecodeFloats(info.DType, chunk, destination.Slice(done, count));
        }
    }

    public void Dispose() => _handle.Dispose();

    private static void ReadExactly(SafeFileHandle handle, Span<byte> buffer, long offset, string path)
    {
        var done = 0;
        while (done < buffer.Length)
        {
            var n = RandomAccess.Read(handle, buffer[done..], offset + done);
            if (n == 0)
                throw new InvalidModelFileException(path, $"the file ended at byte {offset + done} while {buffer.Length - done} more bytes were expected (was it truncated while open?)");
            done += n;
        }
    }
}
