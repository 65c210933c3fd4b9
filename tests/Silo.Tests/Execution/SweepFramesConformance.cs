using StyleFarm.Kernels.Stylize;
using static TorchSharp.torch;

namespace StyleFarm.Silo.Tests.Execution;

/// <summary>
/// What every <see cref="ISweepFrames"/> does: a committed frame is found and reads back exactly as its commit returned it,
/// so a resumed sweep goes on from what an uninterrupted one used; a commit rounds at most to 16 bits.
/// </summary>
public abstract class SweepFramesConformance : IDisposable
{
    /// <summary>The frames of a sweep over frames 0–7 of one shot, which owns all of them.</summary>
    protected abstract ISweepFrames Frames { get; }

    [Fact]
    public async Task ACommittedFrameReadsBackAsItsCommitReturnedIt()
    {
        using var image = Image(0.25f);
        Assert.False(await Frames.IsCommittedAsync(2, 3, default));

        using var committed = await Frames.CommitAsync(2, 3, image, default);
        using var loaded = await Frames.LoadAsync(2, 3, default);

        Assert.True(await Frames.IsCommittedAsync(2, 3, default));
        Assert.False(await Frames.IsCommittedAsync(1, 3, default));
        Assert.Equal(image.shape, loaded.shape);
        Assert.Equal(committed.data<float>().ToArray(), loaded.data<float>().ToArray());
        Assert.True((committed - image).abs().max().item<float>() <= 1f / 65535, "a commit may round the frame only to the store's precision");
    }

    [Fact]
    public async Task ACommitReplacesAnEarlierOneOfTheSameFrameAndPass()
    {
        using (var first = Image(0.2f)) (await Frames.CommitAsync(3, 7, first, default)).Dispose();
        using var second = Image(0.6f);
        using var committed = await Frames.CommitAsync(3, 7, second, default);

        using var loaded = await Frames.LoadAsync(3, 7, default);
        Assert.Equal(committed.data<float>().ToArray(), loaded.data<float>().ToArray());
    }

    // A 6×4 frame whose samples differ in every pixel and channel, around the given level.
    protected static Tensor Image(float level) =>
        (arange(72, ScalarType.Float32).reshape(1, 3, 4, 6) / 300f + level).clamp(0f, 1f);

    public virtual void Dispose() => GC.SuppressFinalize(this);
}
