using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace StyleFarm.Kernels.Flow;

/// <summary>
/// Middlebury .flo files: the float32 magic 202021.25 (the bytes "PIEH"), int32 width, int32 height,
/// then height·width (u, v) float32 pairs row by row; everything little-endian.
/// </summary>
public static class FloFile
{
    /// <summary>The header's magic number, a float32 whose bytes spell "PIEH".</summary>
    public const float Magic = 202021.25f;

    /// <summary>Header bytes: magic, width, height.</summary>
    public const int HeaderSize = 12;

    /// <summary>Reads the .flo file at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is not a well-formed .flo file; the message names the file and the fault.</exception>
    public static FlowField Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"flow file not found: {path}", path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (stream.Length < HeaderSize)
            throw new InvalidDataException(
                $"{path} is not a .flo file: it has {stream.Length} bytes, fewer than the {HeaderSize}-byte header");
        Span<byte> header = stackalloc byte[HeaderSize];
        stream.ReadExactly(header);
        var magic = BinaryPrimitives.ReadSingleLittleEndian(header);
        if (magic != Magic)
            throw new InvalidDataException(
                $"{path} is not a .flo file: its magic number is {magic} (bytes {Convert.ToHexString(header[..4])}), expected {Magic} (\"PIEH\")");
        var width = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
        var height = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        if (width <= 0 || height <= 0)
            throw new InvalidDataException($"{path} is a corrupt .flo file: its header gives the size {width}x{height}, which is not positive");
        var expected = HeaderSize + (long)width * height * 8;
        if (stream.Length != expected)
            throw new InvalidDataException(
                $"{path} is a corrupt .flo file: its header gives {width}x{height}, which needs {expected} bytes, " +
                $"but the file has {stream.Length} ({(stream.Length < expected ? "truncated" : "trailing bytes")})");
        if ((long)width * height * 2 > Array.MaxLength)
            throw new InvalidDataException($"{path}: a {width}x{height} flow field is too large to load into memory at once");
        var data = new float[width * height * 2];
        stream.ReadExactly(MemoryMarshal.AsBytes(data.AsSpan()));
        if (!BitConverter.IsLittleEndian) ReverseEndianness(data);
        return new FlowField(width, height, data);
    }

    /// <summary>
    /// Writes <paramref name="flow"/> to <paramref name="path"/> atomically: into a temporary file in
    /// the same folder, renamed over <paramref name="path"/> once complete, so readers never see half a file.
    /// </summary>
    /// <exception cref="IOException">The file could not be written; the message names it.</exception>
    public static void Write(string path, FlowField flow)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(flow);
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full) ?? ".", $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                Span<byte> header = stackalloc byte[HeaderSize];
                BinaryPrimitives.WriteSingleLittleEndian(header, Magic);
                BinaryPrimitives.WriteInt32LittleEndian(header[4..], flow.Width);
                BinaryPrimitives.WriteInt32LittleEndian(header[8..], flow.Height);
                stream.Write(header);
                if (BitConverter.IsLittleEndian)
                {
                    stream.Write(MemoryMarshal.AsBytes(flow.Data.AsSpan()));
                }
                else
                {
                    var copy = (float[])flow.Data.Clone();
                    ReverseEndianness(copy);
                    stream.Write(MemoryMarshal.AsBytes(copy.AsSpan()));
                }
                // On disk before the rename, so a crash cannot leave a complete name over incomplete data.
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new IOException($"could not write flow file {path}: {e.Message}", e);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    private static void ReverseEndianness(float[] values)
    {
        var bits = MemoryMarshal.Cast<float, int>(values.AsSpan());
        BinaryPrimitives.ReverseEndianness(bits, bits);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The original error matters more than a leftover temporary file, which the name marks as such.
        }
    }
}
