namespace StyleFarm.Client.Commands;

/// <summary>
/// Held by the render that uses a workspace, so a second render to the same output (the same workspace) refuses at
/// once instead of sharing it: an exclusive lock on a file in the workspace (released by the kernel when the process
/// ends, even by a kill) and, beside it, the holder's process id for the refusal to name.
/// </summary>
public sealed class WorkspaceLock : IDisposable
{
    /// <summary>The lock file's name in the workspace.</summary>
    public const string LockFile = "render.lock";

    /// <summary>The file naming the holder's process id.</summary>
    public const string PidFile = "render.pid";

    private readonly FileStream _lock;
    private readonly string _pidFile;
    private bool _released;

    private WorkspaceLock(FileStream held, string pidFile)
    {
        _lock = held;
        _pidFile = pidFile;
    }

    /// <summary>Takes the lock of <paramref name="workspace"/> (creating the folder), or refuses.</summary>
    /// <exception cref="InvalidOperationException">Another render holds it; the message names its process id.</exception>
    public static WorkspaceLock Take(string workspace, string output)
    {
        Directory.CreateDirectory(workspace);
        var pidFile = Path.Combine(workspace, PidFile);
        FileStream held;
        try
        {
            // .NET takes an advisory exclusive lock (flock) for FileShare.None: a second process fails here at once.
            held = new FileStream(Path.Combine(workspace, LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            var pid = File.Exists(pidFile) ? File.ReadAllText(pidFile).Trim() : "unknown";
            throw new InvalidOperationException($"another render (pid {pid}) is writing {output}: wait for it to end, or stop it, or write to another output");
        }
        File.WriteAllText(pidFile, Environment.ProcessId + "\n");
        return new WorkspaceLock(held, pidFile);
    }

    /// <summary>Releases the lock and removes its files (the workspace itself is its owner's to remove).</summary>
    public void Dispose()
    {
        if (_released) return;
        _released = true;
        File.Delete(_pidFile);
        File.Delete(_lock.Name);
        _lock.Dispose();
    }
}
