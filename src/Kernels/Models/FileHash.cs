using System.Security.Cryptography;

namespace StyleFarm.Kernels.Models;

/// <summary>SHA-256 of files and streams, as lower-case hex (the form sha256sum prints).</summary>
public static class FileHash
{
    /// <summary>SHA-256 of the file at <paramref name="path"/>.</summary>
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Copies <paramref name="source"/> to <paramref name="destination"/>, hashing on the way; returns the SHA-256 and the byte count.</summary>
    public static async Task<(string Sha256, long Bytes)> CopyAndHashAsync(Stream source, Stream destination, CancellationToken cancellation)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        long total = 0;
        int n;
        while ((n = await source.ReadAsync(buffer, cancellation)) > 0)
        {
            hash.AppendData(buffer, 0, n);
            await destination.WriteAsync(buffer.AsMemory(0, n), cancellation);
            total += n;
        }
        return (Convert.ToHexStringLower(hash.GetHashAndReset()), total);
    }
}
