using System.Buffers.Binary;
using System.Text.Json;

namespace StyleFarm.Kernels.Models;

/// <summary>
/// Builds a safetensors file: add tensors (data in insertion order), then <see cref="Write"/> it,
/// atomically — a temporary file in the same folder is renamed over the target only once complete.
/// </summary>
public sealed class SafeTensorsWriter
{
    private readonly List<Entry> _entries = [];
    private readonly Dictionary<string, string> _metadata = new(StringComparer.Ordinal);

    /// <summary>Adds a float32 tensor.</summary>
    public SafeTensorsWriter Add(string name, IReadOnlyList<long> shape, float[] values) =>
        Add(name, SafeTensorsDType.F32, shape, values);

    /// <summary>Adds float values stored as a floating-point <paramref name="dtype"/> (F16, BF16, F32, F64), rounded to nearest even.</summary>
    public SafeTensorsWriter Add(string name, SafeTensorsDType dtype, IReadOnlyList<long> shape, float[] values)
    {
        CheckCount(name, shape, values.Length);
        var bytes = new byte[values.Length * SafeTensorsDTypes.SizeOf(dtype)];
        SafeTensorsDTypes.EncodeFloats(dtype, values, bytes);
        return AddEntry(new Entry(name, dtype, [.. shape], bytes));
    }

    /// <summary>Adds a tensor of any dtype from its little-endian bytes, which must be exactly product(shape) × element size.</summary>
    public SafeTensorsWriter AddBytes(string name, SafeTensorsDType dtype, IReadOnlyList<long> shape, byte[] littleEndianBytes)
    {
        var needed = TensorShape.ElementCount(shape) * SafeTensorsDTypes.SizeOf(dtype);
        if (littleEndianBytes.Length != needed)
            throw new ArgumentException($"tensor '{name}': {dtype} {TensorShape.Format(shape)} needs {needed} bytes, got {littleEndianBytes.Length}", nameof(littleEndianBytes));
        return AddEntry(new Entry(name, dtype, [.. shape], littleEndianBytes));
    }

    /// <summary>Adds an all-zero tensor, streamed to disk without allocating its data (for full-size test files).</summary>
    public SafeTensorsWriter AddZeros(string name, SafeTensorsDType dtype, IReadOnlyList<long> shape)
    {
        foreach (var d in shape)
            if (d < 0) throw new ArgumentException($"tensor '{name}': shape {TensorShape.Format(shape)} has a negative dimension", nameof(shape));
        return AddEntry(new Entry(name, dtype, [.. shape], null));
    }

    /// <summary>Sets a "__metadata__" entry.</summary>
    public SafeTensorsWriter AddMetadata(string key, string value)
    {
        _metadata[key] = value;
        return this;
    }

    /// <summary>Writes the file to <paramref name="path"/>; on failure nothing is left under that name.</summary>
    public void Write(string path)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.partial");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                WriteTo(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>Writes the whole file (header and data) to <paramref name="stream"/>.</summary>
    public void WriteTo(Stream stream)
    {
        var header = BuildHeader();
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        var zeros = new byte[1 << 16];
        foreach (var entry in _entries)
        {
            if (entry.Data is not null)
            {
                stream.Write(entry.Data);
                continue;
            }
            for (var left = entry.ByteLength; left > 0; left -= zeros.Length)
                stream.Write(zeros, 0, (int)Math.Min(left, zeros.Length));
        }
    }

    private byte[] BuildHeader()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            if (_metadata.Count > 0)
            {
                json.WriteStartObject(SafeTensorsFile.MetadataKey);
                foreach (var (key, value) in _metadata) json.WriteString(key, value);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var entry in _entries)
            {
                json.WriteStartObject(entry.Name);
                json.WriteString("dtype", entry.DType.ToString());
                json.WriteStartArray("shape");
                foreach (var d in entry.Shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + entry.ByteLength);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += entry.ByteLength;
            }
            json.WriteEndObject();
        }
        // Pad with spaces so the data starts 8-byte aligned, as the reference writer does.
        while (buffer.Length % 8 != 0) buffer.WriteByte((byte)' ');
        return buffer.ToArray();
    }

    private SafeTensorsWriter AddEntry(Entry entry)
    {
        if (entry.Name == SafeTensorsFile.MetadataKey)
            throw new ArgumentException($"'{SafeTensorsFile.MetadataKey}' is reserved for metadata; use AddMetadata", nameof(entry));
        if (_entries.Any(e => e.Name == entry.Name))
            throw new ArgumentException($"tensor '{entry.Name}' was already added", nameof(entry));
        _entries.Add(entry);
        return this;
    }

    private static void CheckCount(string name, IReadOnlyList<long> shape, int count)
    {
        if (TensorShape.ElementCount(shape) != count)
            throw new ArgumentException($"tensor '{name}': shape {TensorShape.Format(shape)} holds {TensorShape.ElementCount(shape)} values, got {count}");
    }

    private sealed record Entry(string Name, SafeTensorsDType DType, long[] Shape, byte[]? Data)
    {
        public long ByteLength { get; } = TensorShape.ElementCount(Shape) * SafeTensorsDTypes.SizeOf(DType);
    }
}
