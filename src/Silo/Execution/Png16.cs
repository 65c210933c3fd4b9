using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using StyleFarm.Kernels.Imaging;

namespace StyleFarm.Silo.Execution;

/// <summary>
/// 16-bit RGB PNG (colour type 2, bit depth 16) in memory: how the farm stores stylized frames.
/// A sample v in [0,1] is stored as round(v·65535) and read back as that number / 65535, so a frame
/// survives the round trip to within 1/131070, 256 times finer than the 8-bit output, and a frame read
/// back and written again gives the same bytes. Written with filter 0 (none) on every row and zlib at
/// its default level; the reader accepts any non-interlaced 16-bit RGB PNG (every filter type), so
/// frames can be inspected and replaced with ordinary tools.
/// </summary>
public static class Png16
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private const int BytesPerPixel = 6;

    /// <summary>The PNG bytes of <paramref name="frame"/> (samples clamped to [0,1], NaN as 0).</summary>
    public static byte[] Encode(RgbFloatFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var stride = frame.Width * BytesPerPixel;
        var raw = new byte[(stride + 1) * frame.Height];
        for (var y = 0; y < frame.Height; y++)
        {
            var row = y * (stride + 1);
            raw[row] = 0; // filter type 0: the row as it is
            for (var i = 0; i < frame.Width * 3; i++)
            {
                var sample = (ushort)Math.Round(RgbFloatFrame.Unit(frame.Pixels[y * frame.Width * 3 + i]) * 65535f);
                BinaryPrimitives.WriteUInt16BigEndian(raw.AsSpan(row + 1 + 2 * i), sample);
            }
        }
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            zlib.Write(raw);

        using var png = new MemoryStream();
        png.Write(Signature);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, frame.Width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), frame.Height);
        header[8] = 16; // bit depth
        header[9] = 2;  // colour type: RGB
        WriteChunk(png, "IHDR", header);
        WriteChunk(png, "IDAT", compressed.ToArray());
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>Reads a 16-bit RGB PNG.</summary>
    /// <param name="png">The file's bytes.</param>
    /// <param name="name">Names the file in errors (an artifact key or a path).</param>
    /// <exception cref="InvalidDataException">The bytes are not a well-formed, non-interlaced 16-bit RGB PNG; the message says what is wrong.</exception>
    public static RgbFloatFrame Decode(ReadOnlySpan<byte> png, string name)
    {
        if (png.Length < Signature.Length || !png[..Signature.Length].SequenceEqual(Signature))
            throw new InvalidDataException($"{name} is not a PNG file: it does not start with the PNG signature");
        var position = Signature.Length;
        int width = 0, height = 0;
        var seenHeader = false;
        using var data = new MemoryStream();
        while (true)
        {
            if (png.Length - position < 12)
                throw new InvalidDataException($"{name} is a truncated PNG: it ends inside a chunk header, before IEND");
            var length = BinaryPrimitives.ReadInt32BigEndian(png[position..]);
            if (length < 0 || length > png.Length - position - 12)
                throw new InvalidDataException($"{name} is a truncated or corrupt PNG: a chunk claims {length} bytes but {png.Length - position - 12} remain");
            var type = Encoding.ASCII.GetString(png.Slice(position + 4, 4));
            var body = png.Slice(position + 8, length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png[(position + 8 + length)..]);
            if (crc != Crc32(png.Slice(position + 4, 4 + length)))
                throw new InvalidDataException($"{name} is a corrupt PNG: the CRC of its {type} chunk does not match");
            position += 12 + length;
            switch (type)
            {
                case "IHDR":
                    if (length != 13) throw new InvalidDataException($"{name}: its IHDR chunk has {length} bytes, not 13");
                    width = BinaryPrimitives.ReadInt32BigEndian(body);
                    height = BinaryPrimitives.ReadInt32BigEndian(body[4..]);
                    if (width <= 0 || height <= 0) throw new InvalidDataException($"{name}: its size {width}×{height} is not positive");
                    if (body[8] != 16 || body[9] != 2 || body[12] != 0)
                        throw new InvalidDataException($"{name} is a PNG with bit depth {body[8]}, colour type {body[9]}, interlace {body[12]}: stylized frames are non-interlaced 16-bit RGB (depth 16, type 2, interlace 0)");
                    seenHeader = true;
                    break;
                case "IDAT":
                    data.Write(body);
                    break;
                case "IEND":
                    if (!seenHeader) throw new InvalidDataException($"{name} is a PNG without an IHDR chunk");
                    return Unfilter(Inflate(data.ToArray(), (width * BytesPerPixel + 1) * height, name), width, height, name);
            }
        }
    }

    private static byte[] Inflate(byte[] compressed, int expected, string name)
    {
        var raw = new byte[expected];
        try
        {
            using var zlib = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress);
            var filled = zlib.ReadAtLeast(raw, expected, throwOnEndOfStream: false);
            if (filled < expected)
                throw new InvalidDataException($"{name} is a truncated PNG: its image data holds {filled} bytes, {expected} are needed");
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith(name, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{name} is a corrupt PNG: its image data does not inflate ({e.Message})", e);
        }
        return raw;
    }

    private static RgbFloatFrame Unfilter(byte[] raw, int width, int height, string name)
    {
        var stride = width * BytesPerPixel;
        var previous = new byte[stride];
        var current = new byte[stride];
        var pixels = new float[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            var row = raw.AsSpan(y * (stride + 1) + 1, stride);
            var filter = raw[y * (stride + 1)];
            for (var i = 0; i < stride; i++)
            {
                int left = i >= BytesPerPixel ? current[i - BytesPerPixel] : 0;
                int up = previous[i];
                int upLeft = i >= BytesPerPixel ? previous[i - BytesPerPixel] : 0;
                var predictor = filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    4 => Paeth(left, up, upLeft),
                    _ => throw new InvalidDataException($"{name} is a corrupt PNG: row {y} has filter type {filter} (0–4 exist)"),
                };
                current[i] = (byte)(row[i] + predictor);
            }
            for (var i = 0; i < width * 3; i++)
                pixels[y * width * 3 + i] = BinaryPrimitives.ReadUInt16BigEndian(current.AsSpan(2 * i)) / 65535f;
            (previous, current) = (current, previous);
        }
        return new RgbFloatFrame(width, height, pixels);
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static void WriteChunk(Stream png, string type, byte[] body)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, body.Length);
        png.Write(word);
        var typed = new byte[4 + body.Length];
        Encoding.ASCII.GetBytes(type, typed);
        body.CopyTo(typed, 4);
        png.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32(typed));
        png.Write(word);
    }

    private static readonly uint[] CrcTable = MakeCrcTable();

    // CRC-32 of ISO 3309 / ITU-T V.42 (reflected polynomial 0xEDB88320), as the PNG specification defines it.
    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc ^ 0xFFFFFFFFu;
    }

    private static uint[] MakeCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
