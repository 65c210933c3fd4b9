namespace StyleFarm.Client.Cluster;

/// <summary>A folder of the local farm that only its owner may list or enter (mode 700).</summary>
public static class PrivateFolder
{
    /// <summary>Owner read, write and pass: mode 700.</summary>
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates <paramref name="path"/> with mode 700, or sets that mode when it exists (a farm from an older version left it open).</summary>
    public static void Create(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }
        Directory.CreateDirectory(path, OwnerOnly);
        if (File.GetUnixFileMode(path) != OwnerOnly) File.SetUnixFileMode(path, OwnerOnly);
    }
}
