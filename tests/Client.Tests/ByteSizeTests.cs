using StyleFarm.Client.Cli;

namespace StyleFarm.Client.Tests;

public sealed class ByteSizeTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("4096", 4096L)]
    [InlineData("500M", 500L << 20)]
    [InlineData("32g", 32L << 30)]
    [InlineData(" 2T ", 2L << 40)]
    [InlineData("3K", 3072L)]
    public void SizesAreBytesOrPowersOf1024(string text, long bytes) => Assert.Equal(bytes, ByteSize.Parse(text, "--cache-size"));

    [Theory]
    [InlineData("")]
    [InlineData("G")]
    [InlineData("-5G")]
    [InlineData("1.5G")]
    [InlineData("12X")]
    [InlineData("9000000000T")]
    public void AnythingElseIsRefusedNamingTheOption(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => ByteSize.Parse(text, "--cache-size"));
        Assert.StartsWith($"--cache-size '{text}'", error.Message);
    }
}
