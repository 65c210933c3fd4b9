using System.Security.Cryptography;

namespace StyleFarm.Client.Cluster;

/// <summary>
/// A secret of the local farm kept in a file of its data folder: readable and writable by its owner only (mode 600)
/// from the moment it exists, written whole or not at all, and kept across restarts so the parts that share it agree.
/// </summary>
public static class SecretFile
{
    /// <summary>Owner read and write: mode 600.</summary>
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The secret in <paramref name="path"/> (first line), or a new one from <paramref name="generate"/> written there when it is missing or shorter than <paramref name="minimumLength"/>.</summary>
    public static string ReadOrCreate(string path, Func<string> generate, int minimumLength = 16)
    {
        if (File.Exists(path))
        {
            var kept = File.ReadAllText(path).Split('\n', 2)[0].Trim();
            if (kept.Length >= minimumLength)
            {
                // A copy restored without its mode must not stay readable by others.
                if (!OperatingSystem.IsWindows() && File.GetUnixFileMode(path) != OwnerOnly) File.SetUnixFileMode(path, OwnerOnly);
                return kept;
            }
        }
        var secret = generate();
        Write(path, secret + "\n");
        return secret;
    }

    /// <summary>The secret in <paramref name="path"/> (first line); <paramref name="what"/> names it in the error.</summary>
    /// <exception cref="InvalidOperationException">The file is missing, unreadable or empty.</exception>
    public static string Read(string path, string what)
    {
        try
        {
            var secret = File.ReadAllText(path).Split('\n', 2)[0].Trim();
            if (secret.Length > 0) return secret;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"cannot read {what} from {path} ({e.GetType().Name}): start the farm with `stylefarm cluster up`, as the user who owns it", e);
        }
        throw new InvalidOperationException($"{path} is empty: remove it and run `stylefarm cluster up` to make a new {what}");
    }

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> with mode 600: aside first, then renamed over it.</summary>
    public static void Write(string path, string text)
    {
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerOnly;
        using (var file = new FileStream(temporary, options))
        using (var writer = new StreamWriter(file))
            writer.Write(text);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>A random password of 48 hexadecimal digits (192 bits): no character that needs quoting in a connection string or SQL.</summary>
    public static string NewPassword() => RandomNumberGenerator.GetHexString(48, lowercase: true);

    /// <summary>A random storage account key: 64 random bytes in base64, the shape of an Azure account key.</summary>
    public static string NewAccountKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
}
