using System.Diagnostics;

namespace StyleFarm.Silo.Tests.Paths;

/// <summary>
/// A folder that refuses new files even to root (the tests run as root here, which mode bits do not stop): made
/// immutable with chattr +i, or mode 555 for other users; back to normal on dispose.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ReadOnlyFolder : IDisposable
{
    private readonly bool _immutable;

    public ReadOnlyFolder(string path)
    {
        Path = path;
        Directory.CreateDirectory(path);
        _immutable = Environment.UserName == "root" && Chattr("+i", path);
        if (!_immutable) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        // The tests mean nothing if the folder still takes files: say so rather than pass.
        var probe = System.IO.Path.Combine(path, "probe");
        try
        {
            File.WriteAllText(probe, "");
            File.Delete(probe);
            throw new InvalidOperationException($"{path} still takes new files: this machine cannot make a read-only folder for the test");
        }
        catch (UnauthorizedAccessException) { }
        catch (IOException) { }
    }

    public string Path { get; }

    public void Dispose()
    {
        if (_immutable) Chattr("-i", Path);
        else File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static bool Chattr(string flag, string path)
    {
        var info = new ProcessStartInfo("chattr") { RedirectStandardError = true };
        info.ArgumentList.Add(flag);
        info.ArgumentList.Add(path);
        try
        {
            using var process = Process.Start(info)!;
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
