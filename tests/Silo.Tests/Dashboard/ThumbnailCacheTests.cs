using StyleFarm.Silo.Dashboard;

namespace StyleFarm.Silo.Tests.Dashboard;

public sealed class ThumbnailCacheTests
{
    [Fact]
    public void WhenFullTheLeastRecentlyUsedThumbnailGoes()
    {
        var cache = new ThumbnailCache(2);
        cache.Add("a", [1]);
        cache.Add("b", [2]);
        Assert.True(cache.TryGet("a", out _));
        cache.Add("c", [3]);

        Assert.Equal(2, cache.Count);
        Assert.False(cache.TryGet("b", out _));
        Assert.True(cache.TryGet("a", out var a));
        Assert.True(cache.TryGet("c", out var c));
        Assert.Equal((1, 3), (a[0], c[0]));
    }
}
