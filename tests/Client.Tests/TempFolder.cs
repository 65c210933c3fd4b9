namespace StyleFarm.Client.Tests;

/// <summary>A fresh folder under the system temp folder (or under <c>parent</c>), deleted on dispose.</summary>
public sealed class TempFolder(string? parent = null) : IDisposable
{
    public string Path { get; } = parent is null
        ? Directory.CreateTempSubdirectory("stylefarm-cli-").FullName
        : Directory.CreateDirectory(System.IO.Path.Combine(parent, $"case-{Guid.NewGuid():N}")).FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
