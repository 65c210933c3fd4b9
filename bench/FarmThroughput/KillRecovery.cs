using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using StyleFarm.Grains.Tasks;
using StyleFarm.Silo.Api;

namespace StyleFarm.Bench.Throughput;

/// <summary>
/// Time from a SIGKILL of the silo running a task to that task running again on another silo, measured on a local farm
/// of three silos (`cluster up`), once per kill: submit the bench's job, wait for a flow (odd kills) or stylize (even kills) task running on a
/// silo without the API whose hosted coordination grains match <see cref="ThroughputOptions.KillTarget"/> (read from its
/// log; a job that offers none within <see cref="ChoosePatience"/> is cancelled and submitted again), kill that silo's
/// process, poll the task list until the task runs (or ran) elsewhere, read the silos' logs for the time split
/// (<see cref="KillTiming"/>), then cancel the job and start the silo again with `cluster up`.
/// </summary>
internal sealed class KillRecovery(ThroughputOptions options, string clip)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    // How long one job may run without a task on a silo that matches the kill target before it is replaced by another.
    private static readonly TimeSpan ChoosePatience = TimeSpan.FromSeconds(60);

    // Jobs submitted for one kill before the bench gives up finding a matching silo.
    private const int Submissions = 8;

    // Time for the surviving silos' loggers to write the lines of what just happened.
    private static readonly TimeSpan LogFlush = TimeSpan.FromMilliseconds(500);

    /// <summary>Each of <paramref name="kills"/> kills, on one farm in <paramref name="data"/>.</summary>
    /// <exception cref="TimeoutException">No task ran on a matching silo, or the killed task did not run again, within the patience.</exception>
    public async Task<IReadOnlyList<KillTiming>> RunAsync(int kills, string data, CancellationToken cancellationToken)
    {
        await using var farm = await BenchFarm.UpAsync(options.StyleFarm, data, 3, options.ThreadsPerSilo, BenchFarm.Roots(options.Work, options.Style), cancellationToken);
        using var api = new FarmApi(farm.Api, farm.Token);
        var silos = await SilosAsync(data, cancellationToken);
        var logs = silos.ToDictionary(s => s.Name, s => new SiloLog(Path.Combine(data, "silos", $"{s.Name}.log")));
        var api0 = silos.Single(s => s.Roles.Contains("api", StringComparison.Ordinal)).Name;
        var timings = new List<KillTiming>();
        for (var kill = 1; kill <= kills; kill++)
        {
            var (id, held, hosted) = await ChooseAsync(farm, api, data, kill, api0, logs, cancellationToken);
            var victim = (await SilosAsync(data, cancellationToken)).Single(s => s.Name == held.Silo);
            var killedAt = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            using (var process = Process.GetProcessById(victim.Pid)) process.Kill();
            var survivors = silos.Select(s => s.Name).Where(n => n != victim.Name).ToList();
            TimeSpan? free = null;
            var again = await PollAsync(api, id, tasks =>
            {
                // A survivor with no task of the job could take the lost one: until then it waits for a busy farm, not for coordination.
                if (free is null && survivors.Any(n => !tasks.Any(t => t.State == TaskState.Leased && t.Silo == n))) free = clock.Elapsed;
                return tasks.FirstOrDefault(t => t.Key == held.Key && (t.State == TaskState.Succeeded || (t.State == TaskState.Leased && t.Silo != victim.Name)));
            }, $"{held.Key} running again", cancellationToken);
            var running = clock.Elapsed;
            await Task.Delay(LogFlush, cancellationToken);
            var timing = Split(kill, victim, hosted, held, again, id, killedAt, free, running, logs);
            timings.Add(timing);
            Console.WriteLine(timing);
            await Commands.RunAsync(options.StyleFarm, ["cancel", id, "--server", farm.Api.ToString(), "--token", farm.Token], Patience, null, cancellationToken);
            logs[victim.Name].Restarting();
            await Commands.RunAsync(options.StyleFarm, ["cluster", "up", "--data", data], Patience, null, cancellationToken);
        }
        return timings;
    }

    // A job and one of its flow (odd kills) or stylize (even kills) tasks running on a silo without the API whose coordination grains match the kill target.
    private async Task<(string Job, TaskView Held, GrainHosting Hosted)> ChooseAsync(BenchFarm farm, FarmApi api, string data, int kill, string api0,
        IReadOnlyDictionary<string, SiloLog> logs, CancellationToken cancellationToken)
    {
        // Odd kills take a flow task, even ones a stylize task: later in the job, where a segment's flow is cached somewhere.
        var kind = kill % 2 == 1 ? TaskKind.Flow : TaskKind.Stylize;
        for (var submission = 1; submission <= Submissions; submission++)
        {
            var id = await farm.SubmitAsync(
            [
                clip, "--style", options.Style, "-o", Path.Combine(data, $"out-{kill}-{submission}.mkv"), "--preset", options.Preset,
                "--width", Text(options.Width), "--passes", Text(options.Passes), "--segment-length", Text(options.SegmentLength), "--halo", Text(options.Halo),
            ], cancellationToken);
            var waited = Stopwatch.StartNew();
            while (waited.Elapsed < ChoosePatience)
            {
                IReadOnlyList<TaskView> tasks;
                try
                {
                    tasks = await api.TasksAsync(id, cancellationToken);
                }
                catch (HttpRequestException)
                {
                    tasks = [];
                }
                if (tasks.Any(t => t.Key == "encode" && t.State != TaskState.Blocked)) break;
                foreach (var task in tasks.Where(t => t.State == TaskState.Leased && t.Kind == kind && t.Silo is { } s && s != api0))
                {
                    var hosted = GrainHosting.Of(logs[task.Silo!].Read(DateTimeOffset.UtcNow), id);
                    if (hosted.Matches(options.KillTarget)) return (id, task, hosted);
                }
                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
            }
            try
            {
                await Commands.RunAsync(options.StyleFarm, ["cancel", id, "--server", farm.Api.ToString(), "--token", farm.Token], Patience, null, cancellationToken);
            }
            catch (InvalidOperationException)
            {
                // The job finished before a matching task ran: nothing to cancel.
            }
        }
        throw new TimeoutException($"no {kind.ToString().ToLowerInvariant()} task of {Submissions} jobs ran on a silo without the API that matches --kill-target {options.KillTarget.ToString().ToLowerInvariant()}");
    }

    // The time split of one kill from every silo's log: the first "declared dead" line, the task's shot taking it back or
    // offering it on a new activation, the first poll with a survivor free, the new lease's start, and the dispatcher's new activation when the victim hosted it.
    private static KillTiming Split(int kill, (string Name, string Roles, int Pid) victim, GrainHosting hosted, TaskView held, TaskView again, string job,
        DateTimeOffset killedAt, TimeSpan? free, TimeSpan running, IReadOnlyDictionary<string, SiloLog> logs)
    {
        var after = logs.Where(l => l.Key != victim.Name).SelectMany(l => l.Value.Read(killedAt)).Where(l => l.At >= killedAt.AddMilliseconds(-1)).OrderBy(l => l.At).ToList();
        var shot = $"shot {job}/{held.Shot.ToString("D4", CultureInfo.InvariantCulture)}: ";
        TimeSpan? First(Func<string, bool> what) => after.FirstOrDefault(l => what(l.Message)) is { } line ? line.At - killedAt : null;
        var dead = First(m => m.StartsWith($"membership declared silo {victim.Name} ", StringComparison.Ordinal));
        var queued = First(m => m.StartsWith(shot + held.Key + " taken back", StringComparison.Ordinal) || m.StartsWith(shot + "activated here", StringComparison.Ordinal));
        var dispatcher = hosted.Dispatcher ? First(m => m.StartsWith("dispatcher: activated here", StringComparison.Ordinal)) : null;
        // A survivor's dispatcher, job or shot grain deactivated before the task ran again: the kill moved a grain it did not host.
        var moved = after.Count(l => l.At - killedAt <= running && l.Message.Contains(": deactivated (", StringComparison.Ordinal)
                                     && (l.Message.StartsWith("dispatcher: ", StringComparison.Ordinal) || l.Message.StartsWith("shot ", StringComparison.Ordinal)
                                         || l.Message.StartsWith("job ", StringComparison.Ordinal)));
        TimeSpan? granted = again.State == TaskState.Leased && again.LeasedAt is { } at ? at - killedAt : null;
        // No poll caught a survivor idle, yet one took the task: it went from its own task straight to the lost one.
        free ??= granted;
        return new KillTiming(kill, victim.Name, victim.Roles, hosted, held.Key, again.State == TaskState.Leased ? again.Silo : null, dead, queued, free, granted, running, dispatcher, moved);
    }

    // The first answer of the task list that `pick` finds something in; a poll the farm cannot answer (its grains moving) is tried again.
    private static async Task<TaskView> PollAsync(FarmApi api, string id, Func<IReadOnlyList<TaskView>, TaskView?> pick, string what, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < Patience)
        {
            try
            {
                if (pick(await api.TasksAsync(id, cancellationToken)) is { } found) return found;
            }
            catch (HttpRequestException)
            {
                // 503 while a dead silo's grains move: ask again.
            }
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
        throw new TimeoutException($"job {id}: no {what} within {Patience.TotalMinutes:0} min");
    }

    private async Task<IReadOnlyList<(string Name, string Roles, int Pid)>> SilosAsync(string data, CancellationToken cancellationToken)
    {
        using var ps = JsonDocument.Parse(await Commands.RunAsync(options.StyleFarm, ["cluster", "ps", "--data", data, "--json"], Patience, null, cancellationToken));
        return ps.RootElement.GetProperty("silos").EnumerateArray()
            .Select(s => (s.GetProperty("name").GetString()!, s.GetProperty("roles").GetString()!, s.GetProperty("pid").GetInt32())).ToList();
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
