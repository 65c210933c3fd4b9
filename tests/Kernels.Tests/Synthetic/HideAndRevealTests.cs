using StyleFarm.Kernels.Synthetic;
using StyleFarm.Kernels.Tests.Flow;
using Xunit.Abstractions;

namespace StyleFarm.Kernels.Tests.Synthetic;

/// <summary>An occluder hides a region of the picture for a few frames and leaves it: exact masks and flows.</summary>
public sealed class HideAndRevealTests(PhotoLibrary photos, ITestOutputHelper output) : IClassFixture<PhotoLibrary>
{
    private const int Width = 96;
    private const int Height = 64;
    private const int Frames = 24;
    private const int Pan = 1;

    private HideAndRevealSequence Build(int seed = 5) =>
        SyntheticSequences.HideAndReveal(photos.Get("baboon.jpg"), photos.Get("fruits.jpg"), Width, Height, Frames, seed,
            new HideAndRevealOptions { PanX = Pan, HiddenFrames = 4, SlideSpeed = 8 });

    [Fact]
    public void HideAndReveal_FollowsItsTimeline_OffScreenInFrame0ExactlyOverTheRegionWhileHiddenAndOffItOnceRevealed()
    {
        var hide = Build();
        var occluder = hide.Sequence.Occluders[0];
        output.WriteLine($"hidden {hide.FirstHidden}..{hide.LastHidden}, revealed from {hide.FirstRevealed}; region at first hiding {hide.Region(hide.FirstHidden)}");

        Assert.Equal(4, hide.LastHidden - hide.FirstHidden + 1);
        Assert.Equal((Width / 3, Height / 3), (occluder.Texture.Width, occluder.Texture.Height));
        Assert.True(occluder.Rect(0).Bottom <= 0, $"in frame 0 the occluder is at {occluder.Rect(0)}, not above the frame");
        for (var t = hide.FirstHidden; t <= hide.LastHidden; t++) Assert.Equal(hide.Region(t), occluder.Rect(t));
        Assert.True(occluder.Rect(hide.FirstRevealed).Bottom <= hide.Region(hide.FirstRevealed).Top);
        Assert.True(occluder.Rect(hide.FirstRevealed - 1).Bottom > hide.Region(hide.FirstRevealed - 1).Top, "revealed a frame later than needed");
        for (var t = 0; t <= hide.FirstRevealed; t++)
        {
            var region = hide.Region(t);
            Assert.True(region.Left >= 0 && region.Top >= 0 && region.Right <= Width && region.Bottom <= Height, $"region {region} leaves frame {t}");
        }
    }

    [Fact]
    public void Frame_IsThePanWithTheOccluderTextureExactlyOverItsRectangle_TheRegionWhileHidden()
    {
        var hide = Build();
        var pan = new SyntheticSequence(hide.Sequence.Photo, Width, Height, hide.Sequence.Cameras);
        var occluder = hide.Sequence.Occluders[0];

        foreach (var t in new[] { 0, hide.FirstHidden - 1, hide.FirstHidden, hide.LastHidden, hide.FirstRevealed })
        {
            var (frame, background) = (hide.Sequence.Frame(t), pan.Frame(t));
            var rect = t >= hide.FirstHidden && t <= hide.LastHidden ? hide.Region(t) : occluder.Rect(t);
            for (var y = 0; y < Height; y++)
            {
                for (var x = 0; x < Width; x++)
                {
                    var covered = rect.Contains(x, y);
                    Assert.Equal(covered ? 0 : -1, hide.Sequence.SurfaceAt(t, x, y));
                    for (var c = 0; c < 3; c++)
                        Assert.Equal(covered ? occluder.Texture[x - rect.Left, y - rect.Top, c] : background[x, y, c], frame[x, y, c]);
                }
            }
        }
    }

    [Fact]
    public void Visible_FromTheFirstFrameIntoAHiddenFrame_IsFalseExactlyWhereTheContentLeavesOrLandsUnderTheOccluder()
    {
        var hide = Build();

        for (var m = hide.FirstHidden; m <= hide.LastHidden; m++)
        {
            var visible = hide.Sequence.Visible(0, m);
            var region = hide.Region(m);
            for (var y = 0; y < Height; y++)
            {
                for (var x = 0; x < Width; x++)
                {
                    var target = x - Pan * m;
                    Assert.Equal(target >= 0 && !region.Contains(target, y), visible[y * Width + x]);
                }
            }
        }
    }

    [Fact]
    public void Visible_TheRevealedRegion_IsVisibleInFramesBeforeTheHidingButNotInTheFramesWhileHidden()
    {
        var hide = Build();
        var revealed = hide.FirstRevealed;
        var region = hide.Region(revealed);

        var fromBefore = hide.Sequence.Visible(revealed, 0);
        var intoLater = hide.Sequence.Visible(0, revealed);
        for (var y = region.Top; y < region.Bottom; y++)
        {
            for (var x = region.Left; x < region.Right; x++)
            {
                Assert.True(fromBefore[y * Width + x], $"revealed pixel ({x}, {y}) is not visible in frame 0");
                Assert.True(intoLater[y * Width + (x + Pan * revealed)], "frame 0's view of the region is not visible once revealed");
            }
        }
        for (var m = hide.FirstHidden; m <= hide.LastHidden; m++)
        {
            var whileHidden = hide.Sequence.Visible(revealed, m);
            for (var y = region.Top; y < region.Bottom; y++)
            {
                for (var x = region.Left; x < region.Right; x++)
                    Assert.False(whileHidden[y * Width + x], $"revealed pixel ({x}, {y}) counts as visible in hidden frame {m}");
            }
        }
    }

    [Fact]
    public void Flow_OfOccluderPixels_IsTheOccludersOwnMoveAndItStaysVisibleWhileOnScreen()
    {
        var hide = Build();
        var occluder = hide.Sequence.Occluders[0];
        var (m, later) = (hide.FirstHidden, hide.FirstRevealed);
        var region = hide.Region(m);
        var (dx, dy) = (occluder.Path[later].X - occluder.Path[m].X, occluder.Path[later].Y - occluder.Path[m].Y);

        var flow = hide.Sequence.Flow(m, later);
        var visible = hide.Sequence.Visible(m, later);

        for (var y = region.Top; y < region.Bottom; y++)
        {
            for (var x = region.Left; x < region.Right; x++)
            {
                Assert.Equal((dx, dy), ((int)flow.U(x, y), (int)flow.V(x, y)));
                // The occluder slides up and off: its pixels stay visible exactly while their target is still on screen.
                Assert.Equal(y + dy >= 0, visible[y * Width + x]);
            }
        }
        // Everything else is background and follows the pan.
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                if (!region.Contains(x, y)) Assert.Equal(((float)(-Pan * (later - m)), 0f), (flow.U(x, y), flow.V(x, y)));
            }
        }
    }

    [Fact]
    public void Flow_WarpsEveryFramePairOntoEachOtherWithZeroErrorAtVisiblePixels()
    {
        var hide = Build();
        var frames = new[] { 0, hide.FirstHidden - 1, hide.FirstHidden, hide.LastHidden, hide.FirstRevealed, Frames - 1 };

        foreach (var a in frames)
        {
            foreach (var b in frames)
            {
                var (_, max, pixels) = HostWarp.Difference(hide.Sequence.Frame(a),
                    HostWarp.Backward(hide.Sequence.Frame(b), hide.Sequence.Flow(a, b)), hide.Sequence.Visible(a, b));
                Assert.True(max == 0, $"{a}->{b}: largest difference {max} over {pixels} visible pixels");
            }
        }
    }

    [Fact]
    public void HideAndReveal_WithTheSameSeed_IsIdenticalAndWithAnotherSeedDiffers()
    {
        var (first, again, other) = (Build(5), Build(5), Build(6));

        Assert.Equal(first.Sequence.Occluders[0].Path, again.Sequence.Occluders[0].Path);
        Assert.Equal(first.Sequence.Occluders[0].Texture.Pixels, again.Sequence.Occluders[0].Texture.Pixels);
        for (var t = 0; t < Frames; t++) Assert.Equal(first.Sequence.Frame(t).Pixels, again.Sequence.Frame(t).Pixels);
        Assert.NotEqual(first.Sequence.Occluders[0].Texture.Pixels, other.Sequence.Occluders[0].Texture.Pixels);
    }

    [Fact]
    public void HideAndReveal_WithTooFewFrames_ThrowsNamingTheCountNeededAndThatCountWorks()
    {
        var options = new HideAndRevealOptions { PanX = Pan, HiddenFrames = 4, SlideSpeed = 8 };
        var error = Assert.Throws<ArgumentException>(() => SyntheticSequences.HideAndReveal(
            photos.Get("baboon.jpg"), photos.Get("fruits.jpg"), Width, Height, 5, 1, options));
        var needed = int.Parse(System.Text.RegularExpressions.Regex.Match(error.Message, @"at least (\d+) frames").Groups[1].Value);
        output.WriteLine(error.Message);

        var shortest = SyntheticSequences.HideAndReveal(photos.Get("baboon.jpg"), photos.Get("fruits.jpg"), Width, Height, needed, 1, options);
        Assert.Equal(needed - 1, shortest.FirstRevealed);
        Assert.Throws<ArgumentException>(() => SyntheticSequences.HideAndReveal(
            photos.Get("baboon.jpg"), photos.Get("fruits.jpg"), Width, Height, needed - 1, 1, options));
    }
}
