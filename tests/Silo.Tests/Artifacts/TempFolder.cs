namespace StyleFarm.Silo.Tests.Artifacts;

/// <summary>A fresh temporary folder, deleted on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("stylefarm-artifacts-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }
}
