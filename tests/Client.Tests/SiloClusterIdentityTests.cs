namespace StyleFarm.Client.Tests;

/// <summary>`stylefarm silo --cluster-id/--service-id` (the Helm chart passes both): the values reach the cluster options, which refuse an empty one.</summary>
public sealed class SiloClusterIdentityTests
{
    [Theory]
    [InlineData("--cluster-id", "the cluster id is empty: give --cluster-id NAME, or leave it out for stylefarm (Parameter 'ClusterId')")]
    [InlineData("--service-id", "the service id is empty: give --service-id NAME, or leave it out for stylefarm (Parameter 'ServiceId')")]
    public void AnEmptyIdIsRefusedWithOneLineNamingTheFlag(string flag, string expected)
    {
        using var folder = new TempFolder();
        var result = StyleFarmCli.Run("silo", "--role", "api", "--store", $"folder:{folder.File("grains")}", "--artifacts", $"folder:{folder.File("artifacts")}",
            "--token", FarmSilo.Token, flag, " ");

        Assert.Equal((1, "stylefarm: error: " + expected), (result.ExitCode, result.Stderr.Trim()));
    }
}
