using StyleFarm.Kernels.Video;

namespace StyleFarm.Kernels.Tests.Video;

public sealed class MediaInputUrlTests
{
    private const string SasUrl = "https://acct.blob.core.windows.net/films/reel%201.mp4?sv=2021-08-06&sr=c&sp=r&se=2026-12-01&sig=abc%2Bdef%3D";

    [Theory]
    [InlineData("https://example.org/a.mp4", true)]
    [InlineData("http://127.0.0.1:10000/devstoreaccount1/c/a.mkv?sig=x", true)]
    [InlineData("az://films/a.mp4", false)]
    [InlineData("/films/a.mp4", false)]
    [InlineData("frames/%05d.png", false)]
    public void HttpAndHttpsAreUrlsFfmpegReads(string location, bool url) => Assert.Equal(url, MediaInput.IsUrl(location));

    [Fact]
    public void AUrlInputKeepsItsSignatureInTheArgumentsAndOutOfItsName()
    {
        var input = MediaInput.FromPath(SasUrl);

        Assert.False(input.IsImageSequence); // "%2B" and "%3D" in the signature are no frame numbers
        Assert.Equal(["-i", SasUrl], input.Arguments);
        Assert.Equal("https://acct.blob.core.windows.net/films/reel%201.mp4?…", input.Path);
    }

    [Fact]
    public void RedactHidesTheQueryOfEveryUrlInAMessage() =>
        Assert.Equal("could not read https://h/a.mkv?… (from https://h/b.png?…): 404",
            MediaInput.Redact("could not read https://h/a.mkv?sig=1&se=2 (from https://h/b.png?sig=3): 404"));

    [Fact]
    public async Task AnUnreachableUrlFailsTheProbeWithAMessageWithoutTheSignature()
    {
        var error = await Assert.ThrowsAsync<MediaException>(() => VideoProbe.ProbeAsync("http://127.0.0.1:9/none.mkv?sig=secret"));

        Assert.Contains("http://127.0.0.1:9/none.mkv?…", error.Message);
        Assert.DoesNotContain("secret", error.Message);
    }
}
