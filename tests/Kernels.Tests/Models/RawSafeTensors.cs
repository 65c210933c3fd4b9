using System.Buffers.Binary;
using System.Text;

namespace StyleFarm.Kernels.Tests.Models;

/// <summary>Writes safetensors files byte by byte, so tests can build malformed ones on purpose.</summary>
public static class RawSafeTensors
{
    /// <summary>Header length (the real one unless overridden), the header bytes, then the data.</summary>
    public static void Write(string path, string headerJson, byte[] data, ulong? headerLength = null) =>
        Write(path, Encoding.UTF8.GetBytes(headerJson), data, headerLength);

    public static void Write(string path, byte[] header, byte[] data, ulong? headerLength = null)
    {
        var bytes = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, headerLength ?? (ulong)header.Length);
        header.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + header.Length);
        File.WriteAllBytes(path, bytes);
    }
}
