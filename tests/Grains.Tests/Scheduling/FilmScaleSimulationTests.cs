using System.Diagnostics;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Scheduling;
using StyleFarm.Grains.Tests.Support;
using Xunit.Abstractions;

namespace StyleFarm.Grains.Tests.Scheduling;

/// <summary>A 2-hour film (172,800 frames at 24 fps, 2,000 shots with heavy-tailed lengths) on 64 and 1,000 workers.</summary>
public class FilmScaleSimulationTests(ITestOutputHelper output)
{
    private const int Frames = 172_800;
    private static readonly IReadOnlyList<Shot> Shots = SyntheticFilm.HeavyTailed(Frames, 2_000, seed: 7);

    private static TaskGraph Film(int segmentLength, int halo, int passes)
    {
        var spec = Samples.Spec(passes) with { SegmentLength = segmentLength, Halo = halo };
        var plan = new JobPlan(1280, 720, Frames, 24, Shots, Enumerable.Repeat(100, passes).ToList());
        return new TaskGraphBuilder(new TaskGraphOptions()).Build(Graphs.Job, spec, plan);
    }

    [Fact]
    public void SyntheticFilmIsHeavyTailed()
    {
        var lengths = Shots.Select(s => s.FrameCount).Order().ToArray();
        Assert.Equal(Frames, lengths.Sum());
        Assert.Equal(Frames, Shots[^1].Frames.End);
        // The longest shot is many times the median one.
        Assert.True(lengths[^1] > 20 * lengths[lengths.Length / 2], $"longest {lengths[^1]}, median {lengths[lengths.Length / 2]}");
    }

    [Theory]
    [InlineData(64)]
    [InlineData(1_000)]
    public void ListScheduleOf200kTasksIsWithinGrahamsBound(int workers)
    {
        var build = Stopwatch.StartNew();
        var graph = Film(segmentLength: 12, halo: 3, passes: 15);
        build.Stop();
        Assert.True(graph.Count >= 200_000, $"{graph.Count} tasks");

        var run = Stopwatch.StartNew();
        var result = new MakespanSimulator().Run(graph, workers);
        run.Stop();
        output.WriteLine($"{graph.Count} tasks on {workers} workers: graph built in {build.ElapsedMilliseconds} ms, simulated in {run.ElapsedMilliseconds} ms; " +
                         $"makespan {result.Makespan:E3}, lower bound {result.LowerBound:E3}, idle {result.IdleFraction:P1}");

        Assert.Equal(graph.Count, result.Tasks);
        Assert.InRange(result.Makespan, result.LowerBound, graph.TotalCost / workers + graph.CriticalPathLength);
        Assert.InRange(result.IdleFraction, 0.0, 1.0 - (double)graph.TotalCost / ((double)workers * (graph.TotalCost / workers + graph.CriticalPathLength)));
    }

    [Fact]
    public void SplittingLongShotsShortensTheMakespanOnAThousandWorkers()
    {
        // Unsplit: every shot one segment (L far beyond any shot, no halo); split: L = 24, h = 4.
        var whole = new MakespanSimulator().Run(Film(segmentLength: 1_000_000, halo: 0, passes: 5), 1_000);
        var split = new MakespanSimulator().Run(Film(segmentLength: 24, halo: 4, passes: 5), 1_000);
        output.WriteLine($"1,000 workers, 5 passes: whole shots makespan {whole.Makespan:E3} (idle {whole.IdleFraction:P1}); " +
                         $"24-frame segments {split.Makespan:E3} (idle {split.IdleFraction:P1})");
        Assert.True(split.Makespan * 3 < whole.Makespan, $"split {split.Makespan} vs whole {whole.Makespan}");
    }
}
