using System.Text;
using StyleFarm.Kernels.IO;

namespace StyleFarm.Kernels.Imaging;

/// <summary>8-bit binary PGM (P5) images: the format of the reference consistency checker's weights.</summary>
public static class PgmFile
{
    /// <summary>Writes <paramref name="gray"/> (Width·Height bytes, rows top to bottom) atomically.</summary>
    public static void Write(string path, int width, int height, byte[] gray)
    {
        if (width <= 0 || height <= 0 || gray.Length != checked(width * height))
            throw new ArgumentException($"a {width}x{height} PGM needs {width * height} bytes, got {gray.Length}");
        using var partial = new PartialFile(path);
        using (var stream = File.Create(partial.TempPath))
        {
            stream.Write(Encoding.ASCII.GetBytes($"P5\n{width} {height}\n255\n"));
            stream.Write(gray);
        }
        partial.Commit();
    }

    /// <summary>Reads a P5 PGM with maxval 255 written by <see cref="Write"/> or any tool.</summary>
    public static (int Width, int Height, byte[] Gray) Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var position = 0;
        string Token()
        {
            while (position < bytes.Length && (char.IsWhiteSpace((char)bytes[position]) || bytes[position] == '#'))
            {
                if (bytes[position] == '#') while (position < bytes.Length && bytes[position] != '\n') position++;
                else position++;
            }
            var start = position;
            while (position < bytes.Length && !char.IsWhiteSpace((char)bytes[position])) position++;
            return Encoding.ASCII.GetString(bytes, start, position - start);
        }
        if (Token() != "P5") throw new InvalidDataException($"{path} is not a binary PGM (P5)");
        if (!int.TryParse(Token(), out var width) || !int.TryParse(Token(), out var height) || Token() != "255" || width <= 0 || height <= 0)
            throw new InvalidDataException($"{path}: bad PGM header (size or maxval other than 255)");
        position++; // the single whitespace after maxval
        if (bytes.Length - position != (long)width * height)
            throw new InvalidDataException($"{path}: {width}x{height} PGM needs {width * height} bytes of pixels, has {bytes.Length - position}");
        return (width, height, bytes[position..]);
    }
}
