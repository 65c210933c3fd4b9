using System.Diagnostics;
using System.Globalization;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Scheduling;
using StyleFarm.Grains.Tasks;

// The farm's scheduler on a 2-hour film: 172,800 frames at 24 fps in 2,000 shots with heavy-tailed
// (log-normal) lengths, cut into segments and passes by the real planners, list-scheduled longest-first
// on N simulated silos. Costs are the planner's units (frames × pixels × iterations); the lower bound is
// max(total / N, critical path). "L=24 h=4 Jacobi" is the same cut with the last pass's chain across segments
// removed (every pass a Jacobi sweep, as before the chained last pass): what the seamless last pass costs.
// Prints figures; never passes or fails.
const int Frames = 172_800;
var shots = SyntheticFilm.HeavyTailed(Frames, 2_000, seed: 7);
var job = JobId.Parse("0193a5b2c3d47e8f9a0b1c2d3e4f5a6b");
Console.WriteLine($"film: {Frames} frames, {shots.Count} shots (median {Median(shots)} frames, longest {shots.Max(s => s.FrameCount)})");
Console.WriteLine($"{"cut",-22} {"passes",6} {"tasks",8} {"silos",6} {"makespan",10} {"makespan/bound",15} {"idle",7} {"build ms",9} {"sim ms",7}");
foreach (var (name, length, halo, chained) in new[] { ("whole shots", 1_000_000, 0, true), ("L=24 h=4", 24, 4, true), ("L=24 h=4 Jacobi", 24, 4, false) })
foreach (var passes in new[] { 1, 5, 15 })
{
    if (!chained && passes == 1) continue; // one pass has no chained pass
    var spec = new JobSpec
    {
        Input = "film.mp4", StyleImages = ["painting.png"], Preset = "paper", Output = "out.mp4",
        SegmentLength = length, Halo = halo, Passes = passes,
    };
    var plan = new JobPlan(1280, 720, Frames, 24, shots, Enumerable.Repeat(100, passes).ToList());
    var build = Stopwatch.StartNew();
    var graph = new TaskGraphBuilder(new TaskGraphOptions()).Build(job, spec, plan);
    if (!chained) graph = new TaskGraph(graph.Tasks.Select(t => t with { Dependencies = t.Dependencies.Where(d => !(d.Kind == TaskKind.Stylize && d.Pass == t.Id.Pass)).ToList() }));
    build.Stop();
    foreach (var silos in new[] { 64, 1_000 })
    {
        var run = Stopwatch.StartNew();
        var result = new MakespanSimulator().Run(graph, silos);
        run.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-22} {passes,6} {graph.Count,8} {silos,6} {result.Makespan,10:E2} {(double)result.Makespan / result.LowerBound,15:F3} {result.IdleFraction,7:P1} {build.ElapsedMilliseconds,9} {run.ElapsedMilliseconds,7}"));
    }
}

static int Median(IReadOnlyList<Shot> shots) => shots.Select(s => s.FrameCount).Order().ElementAt(shots.Count / 2);
