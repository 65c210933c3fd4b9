namespace StyleFarm.Silo.Tests.Artifacts;

/// <summary>The checkout the tests run from: the nearest folder above the test binaries that holds Cluster.sln.</summary>
public static class RepositoryRoot
{
    public static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Cluster.sln"))) return folder.FullName;
        throw new InvalidOperationException($"No Cluster.sln above {AppContext.BaseDirectory}; run the tests from a StyleFarm checkout.");
    }
}
