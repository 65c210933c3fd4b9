using StyleFarm.Grains.Cluster;
using StyleFarm.Grains.Artifacts;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tasks;
using StyleFarm.Silo.Execution;
using StyleFarm.Silo.Tests.Artifacts;
using StyleFarm.Silo.Worker;

namespace StyleFarm.Silo.Tests.Execution;

/// <summary>A silo's flow cache stays within its capacity and drops the flows of finished jobs.</summary>
public sealed class FlowCacheEvictionTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public void TrimDeletesTheLeastRecentlyUsedSegmentsUntilTheCacheFits()
    {
        var cache = new FlowCache(_folder.Path);
        var job = new JobId(Guid.NewGuid());
        for (var k = 0; k < 4; k++) Fill(cache, job, k, 1000);
        // Segment 0 is used again: now 1 is the least recently used, then 2.
        Assert.True(cache.IsComplete(job, Segment(0)));

        var deleted = cache.TrimTo(2500);

        Assert.Equal([Ref(job, 1), Ref(job, 2)], deleted);
        Assert.Equal(2000, cache.SizeBytes()); // the completion markers are empty
        Assert.Equal(new HashSet<SegmentRef> { Ref(job, 0), Ref(job, 3) }, cache.CachedSegments());
    }

    [Fact]
    public void TheSegmentJustUsedGoesLastAndOnlyWhenItAloneExceedsTheCapacity()
    {
        var cache = new FlowCache(_folder.Path);
        var job = new JobId(Guid.NewGuid());
        Fill(cache, job, 0, 1000);
        Fill(cache, job, 1, 1000);

        Assert.Equal([Ref(job, 1)], cache.TrimTo(1500, keep: Ref(job, 0)));
        Assert.Empty(cache.TrimTo(1500, keep: Ref(job, 0)));
        Assert.Equal([Ref(job, 0)], cache.TrimTo(500, keep: Ref(job, 0)));
        Assert.Equal(0, cache.SizeBytes());
    }

    [Fact]
    public void ACacheReopenedAfterARestartStillTrimsWhatItHolds()
    {
        var job = new JobId(Guid.NewGuid());
        Fill(new FlowCache(_folder.Path), job, 0, 800);

        var reopened = new FlowCache(_folder.Path);

        Assert.Contains(Ref(job, 0), reopened.CachedSegments());
        Assert.Equal([Ref(job, 0)], reopened.TrimTo(100));
        Assert.Empty(reopened.CachedSegments());
    }

    [Fact]
    public async Task UpkeepEvictsJobsThatAreNoLongerActiveAndKeepsRunningOnes()
    {
        using var media = new TestFarm();
        await using var farm = await SteppedFarm.StartAsync(media);
        var spec = TestFarm.Spec(media.PathOf("in.mkv"), media.PathOf("out.mkv"), passes: 1, segmentLength: 4, halo: 0);
        var running = await farm.SubmitAsync(spec);
        var cancelled = await farm.SubmitAsync(spec);
        await farm.Grains.GetGrain<IJobGrain>(cancelled.ToString()).CancelAsync();
        var cache = new FlowCache(_folder.Path);
        Fill(cache, running, 0, 100);
        Fill(cache, cancelled, 0, 100);
        var forgotten = new JobId(Guid.NewGuid()); // no job grain knows this one
        Fill(cache, forgotten, 0, 100);

        var (jobs, segments) = await new FlowCacheUpkeep(cache, new GrainJobReader(farm.Grains, TimeSpan.FromSeconds(5)), 1 << 20).TidyAsync(null, CancellationToken.None);

        Assert.Equal(new HashSet<JobId> { cancelled, forgotten }, jobs.ToHashSet());
        Assert.Empty(segments);
        Assert.Equal([running], cache.CachedJobs());
        Assert.Equal(new HashSet<SegmentRef> { Ref(running, 0) }, cache.CachedSegments());
    }

    public void Dispose() => _folder.Dispose();

    private static Segment Segment(int index) => new(0, index, new FrameRange(index * 4, index * 4 + 4), new FrameRange(index * 4, index * 4 + 4));

    private static SegmentRef Ref(JobId job, int index) => new(job, 0, index);

    // A segment of one flow file of the given size, marked complete.
    private static void Fill(FlowCache cache, JobId job, int index, int bytes)
    {
        var segment = Segment(index);
        var path = cache.PathOf(ArtifactKey.Flow(job, segment, segment.Core.Start, segment.Core.Start + 1));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, new byte[bytes]);
        cache.MarkComplete(job, segment);
    }
}
