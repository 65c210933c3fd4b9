using StyleFarm.Kernels.Flow;
using StyleFarm.Kernels.Shots;
using StyleFarm.Kernels.Temporal;
using Xunit.Abstractions;

namespace StyleFarm.Kernels.Tests.Shots;

public sealed class FlowCutConfirmerTests(SamplePhotos photos, ITestOutputHelper output) : IClassFixture<SamplePhotos>
{
    private readonly FlowCutConfirmer _confirmer = new(new DisOpticalFlow(), ConsistencyOptions.Paper, new FlowCutConfirmerOptions());

    [Theory]
    [InlineData("fruits.jpg", "baboon.jpg")]
    [InlineData("home.jpg", "messi5.jpg")]
    [InlineData("building.jpg", "aero1.jpg")]
    public void FlowCollapsesAcrossACutAndHoldsWithinAPan(string a, string b)
    {
        var pan = photos.Pan(a, 2).ToArray();
        var cut = new[] { pan[1], photos.Pan(b, 1).Single() };

        var isCutWithinPan = _confirmer.IsCut(pan[0], pan[1], out var withinPan);
        var isCutAcross = _confirmer.IsCut(cut[0], cut[1], out var across);

        output.WriteLine($"{a}→{b}: reliable within the pan {withinPan:P1}, across the cut {across:P1}");
        Assert.False(isCutWithinPan);
        Assert.True(isCutAcross);
        Assert.InRange(withinPan, 0.8, 1.0);
        Assert.InRange(across, 0.0, 0.5);
    }

    [Fact]
    public void ASuddenBrightnessFlashInsideAShotIsNotACut()
    {
        var before = photos.Pan("fruits.jpg", 1, gain: _ => 1.0).Single();
        var flash = photos.Pan("fruits.jpg", 1, step: 1, gain: _ => 1.4).Single();

        Assert.False(_confirmer.IsCut(before, flash, out var reliable));
        output.WriteLine($"reliable across a 40% flash: {reliable:P1}");
    }
}
