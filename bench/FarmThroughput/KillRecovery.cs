using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using StyleFarm.Grains.Tasks;
using StyleFarm.Silo.Api;

namespace StyleFarm.Bench.Throughput;

/// <summary>
/// Time from a SIGKILL of the worker silo running a task to that task running again on another silo, measured on a
/// local farm of three silos (`cluster up`), once per kill: submit the bench's job, wait for a flow or stylize task
/// running on a silo without the API, kill that silo's process, poll the task list until the task runs (or ran)
/// elsewhere, then cancel the job and start the silo again with `cluster up`.
/// </summary>
internal sealed class KillRecovery(ThroughputOptions options, string clip)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    /// <summary>The recovery time of each of <paramref name="kills"/> kills, on one farm in <paramref name="data"/>.</summary>
    /// <exception cref="TimeoutException">No task ran on a killable silo, or the killed task did not run again, within the patience.</exception>
    public async Task<IReadOnlyList<TimeSpan>> RunAsync(int kills, string data, CancellationToken cancellationToken)
    {
        await using var farm = await BenchFarm.UpAsync(options.StyleFarm, data, 3, options.ThreadsPerSilo, BenchFarm.Roots(options.Work, options.Style), cancellationToken);
        using var api = new FarmApi(farm.Api, farm.Token);
        var times = new List<TimeSpan>();
        for (var kill = 1; kill <= kills; kill++)
        {
            var id = await farm.SubmitAsync(
            [
                clip, "--style", options.Style, "-o", Path.Combine(data, $"out-{kill}.mkv"), "--preset", options.Preset,
                "--width", Text(options.Width), "--passes", Text(options.Passes), "--segment-length", Text(options.SegmentLength), "--halo", Text(options.Halo),
            ], cancellationToken);
            var silos = await SilosAsync(data, cancellationToken);
            var api0 = silos.Single(s => s.Roles.Contains("api", StringComparison.Ordinal)).Name;
            var held = await PollAsync(api, id, tasks => tasks.FirstOrDefault(t => t.State == TaskState.Leased && t.Kind is TaskKind.Flow or TaskKind.Stylize
                && t.Silo is { } s && s != api0), "a task running on a silo without the API", cancellationToken);
            var victim = silos.Single(s => s.Name == held.Silo);
            var clock = Stopwatch.StartNew();
            using (var process = Process.GetProcessById(victim.Pid)) process.Kill();
            var again = await PollAsync(api, id, tasks => tasks.FirstOrDefault(t => t.Key == held.Key
                && (t.State == TaskState.Succeeded || (t.State == TaskState.Leased && t.Silo != victim.Name))), $"{held.Key} running again", cancellationToken);
            var elapsed = clock.Elapsed;
            times.Add(elapsed);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  kill {kill}: SIGKILL of {victim.Name} running {held.Key}; {(again.State == TaskState.Leased ? $"running again on {again.Silo}" : "done again")} after {elapsed.TotalSeconds:F2} s"));
            await Commands.RunAsync(options.StyleFarm, ["cancel", id, "--server", farm.Api.ToString(), "--token", farm.Token], Patience, null, cancellationToken);
            await Commands.RunAsync(options.StyleFarm, ["cluster", "up", "--data", data], Patience, null, cancellationToken);
        }
        return times;
    }

    // The first answer of the task list that `pick` finds something in; a poll the farm cannot answer (its grains moving) is tried again.
    private async Task<TaskView> PollAsync(FarmApi api, string id, Func<IReadOnlyList<TaskView>, TaskView?> pick, string what, CancellationToken cancellationToken)
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
