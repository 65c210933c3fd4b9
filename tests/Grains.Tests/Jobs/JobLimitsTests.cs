using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tests.Support;

namespace StyleFarm.Grains.Tests.Jobs;

/// <summary>Issue 11, item 5: every field of a spec is bounded, and an error quotes an excerpt, never a 20 MB value.</summary>
public sealed class JobLimitsTests
{
    [Fact]
    public void AnExcerptKeepsTheStartAndTheEndOfALongValue()
    {
        var path = "/" + new string('a', 20_000) + "/film.mp4";

        var excerpt = JobLimits.Excerpt(path);

        Assert.Equal(121, excerpt.Length);
        Assert.StartsWith("/aaa", excerpt);
        Assert.EndsWith("aaa/film.mp4", excerpt);
        Assert.Equal("/films/in.mp4", JobLimits.Excerpt("/films/in.mp4"));
    }

    public static TheoryData<string, JobSpec, string> TooLarge => new()
    {
        { "20 MB input path", Samples.Spec() with { Input = "/" + new string('x', 20 << 20) }, "has 20971521 characters: paths and URLs have at most 4096" },
        { "200,000 style images", Samples.Spec() with { StyleImages = Enumerable.Repeat("/s.png", 200_000).ToList() }, "names 200000 style images: give at most 16" },
        { "long style path", Samples.Spec() with { StyleImages = ["/s.png", "/" + new string('s', 5000)] }, "style image 1 '" },
        { "100 parameters", Samples.Spec() with { Parameters = Enumerable.Range(0, 100).ToDictionary(i => $"p{i}", _ => "1") }, "100 parameter overrides: give at most 64" },
        { "long parameter name", Samples.Spec() with { Parameters = new Dictionary<string, string> { [new string('n', 100)] = "1" } }, "has 100 characters: names have at most 64" },
        { "long parameter value", Samples.Spec() with { Parameters = new Dictionary<string, string> { ["seed"] = new string('7', 300) } }, "parameter seed has a value of 300 characters" },
        { "long preset name", Samples.Spec() with { Preset = new string('p', 65) }, "the preset '" },
        { "65 long-term offsets", Samples.Spec() with { LongTermOffsets = Enumerable.Range(1, 65).ToList() }, "65 long-term offsets: give at most 64" },
        { "NUL in the output", Samples.Spec() with { Output = "/out\0.mp4" }, "holds a NUL character" },
    };

    [Theory]
    [MemberData(nameof(TooLarge))]
    public void AFieldPastItsBoundIsRefusedWithAShortMessage(string name, JobSpec spec, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => JobLimits.Check(spec));

        Assert.True(e.Message.Contains(expected, StringComparison.Ordinal), $"{name}: {e.Message}");
        Assert.True(e.Message.Length <= 300, $"{name}: {e.Message.Length} characters");
    }

    [Fact]
    public void ASpecInsideEveryBoundPasses() => JobLimits.Check(Samples.Spec());
}
