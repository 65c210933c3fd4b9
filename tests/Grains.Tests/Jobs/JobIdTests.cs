using Microsoft.Extensions.Time.Testing;
using StyleFarm.Grains.Jobs;

namespace StyleFarm.Grains.Tests.Jobs;

public class JobIdTests
{
    [Fact]
    public void IdsAreThirtyTwoHexDigitsAndParseBack()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var id = JobId.New(clock);
        var text = id.ToString();
        Assert.Matches("^[0-9a-f]{32}$", text);
        Assert.Equal(id, JobId.Parse(text));
    }

    [Fact]
    public void LaterIdsSortAfterEarlierOnes()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var first = JobId.New(clock);
        clock.Advance(TimeSpan.FromMilliseconds(2));
        var second = JobId.New(clock);
        Assert.True(first.CompareTo(second) < 0);
    }

    [Fact]
    public void GarbageIsNotAnId()
    {
        var e = Assert.Throws<FormatException>(() => JobId.Parse("film-42"));
        Assert.Contains("'film-42' is not a job id", e.Message);
    }

    [Fact]
    public void TheAllZeroIdIsWellFormed_SoTheApiAnswersItWith404NotAsMalformed()
    {
        Assert.True(JobId.TryParse("00000000000000000000000000000000", out var id));
        Assert.Equal("00000000000000000000000000000000", id.ToString());
    }
}
