using StyleFarm.Grains.Artifacts;

namespace StyleFarm.Silo.Tests.Artifacts;

public sealed class ArtifactKeyTests
{
    [Theory]
    [InlineData("frame.png")]
    [InlineData("job-1/shot-2/seg-3/pass-4/frame-00005.png")]
    [InlineData("job 1/.hidden/..double-dot-prefix/a")]
    [InlineData("job-1/ß/🎬")]
    public void ValidKeysAreKeptAsGiven(string text)
    {
        Assert.Equal(text, new ArtifactKey(text).Value);
    }

    [Theory]
    [InlineData("", "it is empty")]
    [InlineData("/job-1/frame.png", "starts with '/'")]
    [InlineData("job-1/", "ends with '/'")]
    [InlineData("job-1//frame.png", "empty segment")]
    [InlineData("job-1/../secrets", "\"..\" segment")]
    [InlineData("..", "\"..\" segment")]
    [InlineData("job-1/./frame.png", "\".\" segment")]
    [InlineData("job-1\\frame.png", "backslash at position 5")]
    [InlineData("job-1/frame\u0000.png", "control character U+0000 at position 11")]
    [InlineData("job-1/frame\n.png", "control character U+000A")]
    [InlineData("job-1/frame\u007f", "control character U+007F")]
    [InlineData("job-1/frame.", "ends with '.'")]
    public void InvalidKeysAreRejectedSayingWhy(string text, string reason)
    {
        var error = Assert.Throws<ArgumentException>(() => new ArtifactKey(text));

        Assert.Contains("Invalid artifact key", error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void UnpairedSurrogatesAreRejected()
    {
        // Built at run time: an attribute argument cannot hold a lone surrogate.
        var text = "job-1/" + (char)0xD800 + "x";

        var error = Assert.Throws<ArgumentException>(() => new ArtifactKey(text));

        Assert.Contains("unpaired surrogate at position 6", error.Message);
    }

    [Fact]
    public void OverlongKeysAreRejected()
    {
        Assert.Equal(1024, new ArtifactKey(new string('a', 1024)).Value.Length);
        var error = Assert.Throws<ArgumentException>(() => new ArtifactKey(new string('a', 1025)));
        Assert.Contains("1025 characters long, more than 1024", error.Message);
    }

    [Fact]
    public void ControlCharactersAreShownEscapedInTheMessage()
    {
        var error = Assert.Throws<ArgumentException>(() => new ArtifactKey("a\u0007b"));

        Assert.Contains("\"a\\u0007b\"", error.Message);
    }

    [Fact]
    public void CombineJoinsSegmentsWithSlashes()
    {
        Assert.Equal(new ArtifactKey("job-1/shot-2/frame-3.png"), ArtifactKey.Combine("job-1", "shot-2", "frame-3.png"));
    }

    [Theory]
    [InlineData("job-1", "")]
    [InlineData("job-1", "a/b")]
    public void CombineRejectsEmptySegmentsAndSlashes(string first, string second)
    {
        var error = Assert.Throws<ArgumentException>(() => ArtifactKey.Combine(first, second));

        Assert.Contains("must be non-empty and must not contain '/'", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("job-1")]
    [InlineData("job-1/")]
    [InlineData("job-1/shot-1/fr")]
    [InlineData("job-1/.")]
    [InlineData("job-1/..")]
    public void PrefixesThatCanStartAKeyAreAccepted(string prefix)
    {
        ArtifactKey.ValidatePrefix(prefix);
    }

    [Theory]
    [InlineData("/job-1", "starts with '/'")]
    [InlineData("job-1//", "empty segment")]
    [InlineData("../job-1", "\"..\" segment")]
    [InlineData("job-1/./", "\".\" segment")]
    [InlineData("job\\1", "backslash")]
    public void PrefixesThatCannotStartAKeyAreRejected(string prefix, string reason)
    {
        var error = Assert.Throws<ArgumentException>(() => ArtifactKey.ValidatePrefix(prefix));

        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void KeysCompareOrdinally()
    {
        string[] keys = ["b", "B", "a/b", "a-b", "a/B"];

        Assert.Equal(["B", "a-b", "a/B", "a/b", "b"], keys.Select(k => new ArtifactKey(k)).Order().Select(k => k.Value));
    }
}
