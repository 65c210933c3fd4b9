using StyleFarm.Kernels.Flow;
using StyleFarm.Kernels.Imaging;

namespace StyleFarm.Client.Tests;

public sealed class ConsistencyCommandTests
{
    [Fact]
    public void WeightsPgmIsZeroInTheUncoveredBandAndFullElsewhere()
    {
        using var temp = new TempFolder();
        // A 16 px square moves 4 px right from A to B over a static background.
        FloFile.Write(temp.File("backward.flo"), Square(24, -4f));
        FloFile.Write(temp.File("forward.flo"), Square(20, 4f));

        var result = StyleFarmCli.Run("consistency", temp.File("backward.flo"), temp.File("forward.flo"), "-o", temp.File("c.pgm"));

        Assert.Equal(0, result.ExitCode);
        var (width, height, gray) = PgmFile.Read(temp.File("c.pgm"));
        Assert.Equal((64, 48), (width, height));
        Assert.Equal(0, gray[24 * 64 + 22]);   // uncovered by the square: disoccluded
        Assert.Equal(255, gray[5 * 64 + 5]);   // static background far from it
        Assert.Equal(255, gray[24 * 64 + 32]); // inside the moving square
    }

    [Fact]
    public void FloWithWrongMagicFailsWithOneLineNamingTheFile()
    {
        using var temp = new TempFolder();
        File.WriteAllBytes(temp.File("bad.flo"), new byte[12 + 8 * 4]);
        FloFile.Write(temp.File("good.flo"), new FlowField(2, 2));

        var result = StyleFarmCli.Run("consistency", temp.File("bad.flo"), temp.File("good.flo"), "-o", temp.File("c.pgm"));

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("stylefarm: error:", result.Stderr);
        Assert.Contains("bad.flo", result.Stderr);
        Assert.False(File.Exists(temp.File("c.pgm")));
    }

    private static FlowField Square(int left, float u)
    {
        var flow = new FlowField(64, 48);
        for (var y = 16; y < 32; y++)
        for (var x = left; x < left + 16; x++)
            flow.Set(x, y, u, 0);
        return flow;
    }
}
