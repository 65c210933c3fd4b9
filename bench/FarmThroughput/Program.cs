using System.Globalization;
using System.Runtime.InteropServices;
using StyleFarm.Bench.Shared;
using StyleFarm.Bench.Throughput;

// The same job on local farms of 1, 2 and 3 silos (PostgreSQL + Azurite + N silo processes on this machine):
// wall time, frames per minute, speed-up over the smallest farm, and the coordinator's overhead (a task's end
// to the lease of a task that waited for it). Medians over --repeats runs; prints figures, never passes or fails.
if (BenchArguments.Parse("farm-throughput", args, ThroughputOptions.Parse) is not { } options) return BenchArguments.BadUsage;
using var stop = new CancellationTokenSource();
// Ctrl-C or a TERM (from the script's trap) cancels the run in progress, so that its farm is brought down before the program exits.
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

var clip = Path.Combine(options.Work, "clip.mkv");
await Commands.RunAsync("ffmpeg",
    ["-v", "error", "-y", "-i", options.Video, "-frames:v", Text(options.Frames), "-vf", $"scale={Text(options.Width)}:-2", "-c:v", "ffv1", clip],
    TimeSpan.FromMinutes(2), cancellationToken: stop.Token);
var threads = options.ThreadsPerSilo is { } t ? Text(t) : $"libtorch's default ({Environment.ProcessorCount})";
var workload = $"job: {options.Frames} frames of {Path.GetFileName(options.Video)} at {options.Width} px wide, preset {options.Preset}, " +
                  $"{options.Passes} passes, segments of {options.SegmentLength} frames (halo {options.Halo})";
Console.WriteLine(workload);
Console.WriteLine($"machine: {Environment.ProcessorCount} cores; libtorch threads per silo: {threads}; " +
                  $"{options.Repeats} run(s) per farm size; farm sizes (silos): {(options.Silos.Count == 0 ? "none" : string.Join(", ", options.Silos))}" +
                  (options.Kills > 0 ? $"; {options.Kills} SIGKILLs on a 3-silo farm, target {options.KillTarget.ToString().ToLowerInvariant()}" : ""));
if (options.Silos.Count > 0 && options.Silos.Max() > Environment.ProcessorCount)
    Console.WriteLine($"note: {Environment.ProcessorCount} cores cannot run more than {Environment.ProcessorCount} silos' work at once: larger farms cannot scale further here");

var run = new FarmRun(options, clip);
var results = new List<FarmRunResult>();
IReadOnlyList<KillTiming> kills = [];
try
{
    if (options.Kills > 0)
        kills = await new KillRecovery(options, clip).RunAsync(options.Kills, Path.Combine(options.Work, "farm-kills"), stop.Token);
    foreach (var silos in options.Silos)
    for (var repeat = 1; repeat <= options.Repeats; repeat++)
    {
        var data = Path.Combine(options.Work, $"farm-{silos}-{repeat}");
        var result = await run.RunAsync(silos, data, stop.Token);
        results.Add(result);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {silos} silo(s), run {repeat}: {result.Wall.TotalSeconds:F1} s, {result.Frames} frames, {result.Tasks} tasks, " +
            $"{result.Gaps.Waiting.Count} gaps with a free silo, {result.Gaps.All.Count} in all, {result.Gaps.Unseen} leases unseen"));
    }
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.Error.WriteLine("farm-throughput: stopped");
    return 130;
}
catch (Exception e) when (e is InvalidOperationException or TimeoutException)
{
    Console.Error.WriteLine($"farm-throughput: {e.Message}");
    return 1;
}

KillSummary.Print(kills);
// A kill that found its task already done recovered nothing: it is not a recovery time.
var recoveries = kills.Where(k => !k.FoundDone).Select(k => k.Running).ToList();
var previous = options.PreviousTable is { } table ? EngineComparison.Parse(File.ReadLines(table)) : null;
if (results.Count == 0)
{
    if (previous is not null) EngineComparison.Print(workload, [], previous, options.PreviousName, recoveries);
    return 0;
}
var figures = new List<FarmFigures>();
var reference = results.Where(r => r.Silos == options.Silos[0]).Select(r => r.Wall.TotalSeconds).ToList();
var referenceWall = Percentile.Median(reference);
Console.WriteLine();
Console.WriteLine($"{"silos",5} {"runs",4} {"wall s",8} {"frames/min",10} {"speed-up",8}   {"overhead ms: median",19} {"p90",6} {"n",4}   {"all gaps ms: median",19} {"p90",6} {"n",4}");
foreach (var group in results.GroupBy(r => r.Silos))
{
    var wall = Percentile.Median(group.Select(r => r.Wall.TotalSeconds).ToList());
    var fpm = Percentile.Median(group.Select(r => r.FramesPerMinute).ToList());
    var gaps = CoordinatorGaps.Pool(group.Select(r => r.Gaps));
    figures.Add(new FarmFigures(group.Key, group.Count(), fpm, Percentile.Median(gaps.Waiting), Percentile.Of(gaps.Waiting, 90)));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{group.Key,5} {group.Count(),4} {wall,8:F1} {fpm,10:F1} {referenceWall / wall,7:F2}×   {Percentile.Median(gaps.Waiting),19:F0} {Percentile.Of(gaps.Waiting, 90),6:F0} {gaps.Waiting.Count,4}   " +
        $"{Percentile.Median(gaps.All),19:F0} {Percentile.Of(gaps.All, 90),6:F0} {gaps.All.Count,4}"));
}
Console.WriteLine($"speed-up: the median wall time of {options.Silos[0]} silo(s) over each farm's. Wall: submission to Succeeded on the farm's clock (farm start-up excluded).");
Console.WriteLine("overhead: a task's end to the lease of the task it released, when the silo that ran it leased nothing in between " +
                  "(a free silo waited); all gaps: every such pair, queueing for a busy farm included.");
if (previous is not null) EngineComparison.Print($"{workload}; {options.Repeats} run(s) per farm size and engine", figures, previous, options.PreviousName, recoveries);
return 0;

static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
