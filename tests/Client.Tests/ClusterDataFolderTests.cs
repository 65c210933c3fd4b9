using StyleFarm.Client.Cluster;

namespace StyleFarm.Client.Tests;

/// <summary>Where `stylefarm cluster up` may keep its data when PostgreSQL cannot run as the caller.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ClusterDataFolderTests
{
    [Fact]
    public void AsRootADataFolderInsideAClosedFolderIsRefusedNamingTheFolderThatKeepsPostgresOut()
    {
        using var closed = new TempFolder();
        File.SetUnixFileMode(closed.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var data = Path.Combine(closed.Path, "farm");
        try
        {
            var up = StyleFarmCli.Run("cluster", "up", "--silos", "1", "--data", data);

            if (LocalProcess.IsRoot())
            {
                // PostgreSQL runs as 'postgres', which cannot pass through a 0700 folder of root's (root's own home is one).
                Assert.Equal(1, up.ExitCode);
                Assert.Contains(
                    $"PostgreSQL runs as the user 'postgres', which cannot reach the data folder {data}: {closed.Path} lets only its owner in (mode 700). Give --data a folder outside it",
                    up.Stderr);
            }
            else
            {
                // As anyone else PostgreSQL runs as the caller, who owns the folder.
                Assert.True(up.ExitCode == 0, up.Stderr);
            }
        }
        finally
        {
            StyleFarmCli.Run("cluster", "down", "--data", data);
        }
    }
}
