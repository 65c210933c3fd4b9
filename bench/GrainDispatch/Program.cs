using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using StyleFarm.Bench;
using StyleFarm.Grains.Cluster;
using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Planning;
using StyleFarm.Grains.Scheduling;
using StyleFarm.Grains.Silos;
using StyleFarm.Grains.Tasks;

// The grain engine in one process, beside the lease engine's figures it replaces. Prints figures; never passes or fails.
//   1. persisted bytes per shot grain (and of the job grain) for a 2-hour film planned as the farm plans it;
//   2. coordinator overhead: from a task's commit returning to its successor's grant, along a chain of tasks;
//   3. dispatch capacity: 1,000 simulated workers asking for work at once, tasks handed out per second.
// --dashboard off|idle|profiling: the silo without the Orleans Dashboard, with it unwatched, or with its call profiler on;
// --calls-only: just the cost of a grain call (10,000 in a row, then 16 callers at once), to compare the three.
var args2 = Environment.GetCommandLineArgs().Skip(1).ToArray();
var dashboard = args2.SkipWhile(a => a != "--dashboard").Skip(1).FirstOrDefault() ?? "off";
if (dashboard is not ("off" or "idle" or "profiling")) throw new ArgumentException($"--dashboard {dashboard}: give off, idle or profiling");
if (args2.Contains("--calls-only"))
{
    await using var callSilo = await LocalSilo.StartAsync(dashboard);
    await GrainCallCost.PrintAsync(callSilo.Grains, dashboard);
    return;
}
var workers = Option("--workers", 1_000);
var seconds = Option("--seconds", 10);
var chain = Option("--chain", 200);
Console.WriteLine($"grain engine, one silo in this process, grain state in files; {Environment.ProcessorCount} cores");

// 1. Persisted bytes.
const int Frames = 172_800;
var film = SyntheticFilm.HeavyTailed(Frames, 2_000, seed: 7);
var filmSpec = new JobSpec { Input = "film.mp4", StyleImages = ["painting.png"], Preset = "paper", Output = "out.mp4", SegmentLength = 24, Halo = 4, Passes = 15 };
var filmPlan = new JobPlan(1280, 720, Frames, 24, film, Enumerable.Repeat(100, 15).ToList());
var filmJob = JobId.Parse("0193a5b2c3d47e8f9a0b1c2d3e4f5a6b");
var graph = new TaskGraphBuilder(new TaskGraphOptions()).Build(filmJob, filmSpec, filmPlan);
var serializer = new ServiceCollection().AddStyleFarmSerialization().BuildServiceProvider().GetRequiredService<Serializer>();
var at = DateTimeOffset.UtcNow;
var sizes = graph.Tasks.Where(t => t.Kind is TaskKind.Flow or TaskKind.Stylize).GroupBy(t => t.Id.Shot)
    .Select(g => g.OrderBy(t => t.Id).ToList())
    .Select(g => serializer.SerializeToArray(new ShotGrainState { Layout = ShotTasks.Layout(g), Entries = ShotTasks.Entries(g.Select(t => TaskRecord.New(t, at))) }).Length)
    .Order().ToList();
var jobBytes = serializer.SerializeToArray(new JobGrainState { Job = new Job(filmJob, filmSpec, JobState.Running, at, at, filmPlan), ShotCount = film.Count }).Length;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"2-hour film (172,800 frames, {film.Count} shots, L=24 h=4, 15 passes, {graph.Count:N0} tasks): shot grain state median {sizes[sizes.Count / 2]:N0} B, p90 {sizes[sizes.Count * 9 / 10]:N0} B, largest {sizes[^1]:N0} B, all shots {sizes.Sum() / 1e6:0.0} MB; job grain {jobBytes:N0} B"));

await using var silo = await LocalSilo.StartAsync(dashboard);
var dispatcher = TaskOwners.Dispatcher(silo.Grains);
var cpu = new WorkerCapabilities(0, 0, 64L << 30);
WorkRequest Ask(string name) => new() { Silo = name, SiloAddress = silo.Address, Capabilities = cpu };

// 2. Coordinator overhead: one shot of one segment, `chain` passes: plan → flow → pass 1 → … → encode, one worker.
var chainSpec = new JobSpec { Input = "clip.mp4", StyleImages = ["painting.png"], Preset = "paper", Output = "out.mp4", SegmentLength = 24, Halo = 0, Passes = Math.Min(chain, JobSpec.MaxPasses) };
var chainPlan = new JobPlan(64, 48, 24, 24, [new Shot(0, new FrameRange(0, 24))], Enumerable.Repeat(1, chainSpec.Passes).ToList());
var chainJob = silo.Grains.GetGrain<IJobGrain>(JobId.New(TimeProvider.System).ToString());
await chainJob.SubmitAsync(chainSpec);
var gaps = new List<double>();
var clock = Stopwatch.StartNew();
var grant = await TakeAsync("chain");
while (true)
{
    var finished = await TaskOwners.Of(silo.Grains, grant.Task.Id).FinishAsync(new AttemptResult
    {
        Task = grant.Task.Id, Token = grant.Token, Plan = grant.Task.Id.Kind == TaskKind.Plan ? chainPlan : null,
    });
    if (grant.Task.Id.Kind == TaskKind.Encode) break;
    var committed = clock.Elapsed;
    grant = await TakeAsync("chain");
    gaps.Add((clock.Elapsed - committed).TotalMilliseconds);
}
gaps.Sort();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"coordinator overhead, commit → successor's grant over a chain of {gaps.Count} tasks: median {gaps[gaps.Count / 2]:0.00} ms, p90 {gaps[gaps.Count * 9 / 10]:0.00} ms"));

// 3a. Hand-out capacity: the film's plan, then `workers` workers take every ready task (no commits, so nothing is written).
await PlanFilmAsync();
var ready = (await dispatcher.CountsAsync()).Waiting;
var takeClock = Stopwatch.StartNew();
var taken = 0L;
await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
{
    while (await dispatcher.RequestWorkAsync(Ask($"t{w}")) is not null) Interlocked.Increment(ref taken);
})));
takeClock.Stop();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"dispatch, hand-out only: {workers:N0} workers took {taken:N0} of {ready:N0} ready tasks in {takeClock.Elapsed.TotalSeconds:0.00} s = {taken / takeClock.Elapsed.TotalSeconds:N0} tasks/s"));

// 3b. Dispatch capacity with commits: another film job; `workers` workers ask and commit (each commit writes its shot's state) for `seconds`.
await PlanFilmAsync();
Console.WriteLine($"dispatch: {(await dispatcher.CountsAsync()).Waiting:N0} tasks ready; {workers:N0} workers ask and commit for {seconds} s");
var handed = 0L;
var empty = 0L;
using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
var run = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, workers).Select(w => Task.Run(async () =>
{
    var name = $"w{w}";
    while (!stop.IsCancellationRequested)
    {
        var g = await dispatcher.RequestWorkAsync(Ask(name));
        if (g is null)
        {
            Interlocked.Increment(ref empty);
            await Task.Delay(50);
            continue;
        }
        Interlocked.Increment(ref handed);
        await TaskOwners.Of(silo.Grains, g.Task.Id).FinishAsync(new AttemptResult { Task = g.Task.Id, Token = g.Token });
    }
})));
run.Stop();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"dispatch capacity: {handed:N0} tasks handed out and committed in {run.Elapsed.TotalSeconds:0.0} s = {handed / run.Elapsed.TotalSeconds:N0} tasks/s ({empty:N0} empty answers)"));
Console.WriteLine("lease engine it replaces (PostgreSQL task table, measured Dec 2026, stop 5-6 notes): 567-840 leases/s with 8 workers; coordinator overhead median 6 ms / p90 37 ms (1 silo), 20 / 50 ms (2 silos); a SIGKILLed worker's task ran again after 58.7 s (the lease)");

async Task PlanFilmAsync()
{
    var filmGrain = silo.Grains.GetGrain<IJobGrain>(JobId.New(TimeProvider.System).ToString());
    await filmGrain.SubmitAsync(filmSpec);
    var planGrant = await TakeAsync("planner");
    await TaskOwners.Of(silo.Grains, planGrant.Task.Id).FinishAsync(new AttemptResult { Task = planGrant.Task.Id, Token = planGrant.Token, Plan = filmPlan });
    while ((await dispatcher.CountsAsync()).Waiting < film.Count) await Task.Delay(100);
}

async Task<WorkGrant> TakeAsync(string name)
{
    while (true)
    {
        if (await dispatcher.RequestWorkAsync(Ask(name)) is { } g) return g;
        await Task.Yield();
    }
}

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args2, name);
    return i >= 0 && i + 1 < args2.Length ? int.Parse(args2[i + 1], CultureInfo.InvariantCulture) : fallback;
}
