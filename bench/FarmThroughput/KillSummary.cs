using System.Globalization;

namespace StyleFarm.Bench.Throughput;

/// <summary>
/// The kills' figures by what the victim hosted: medians of each step of the split, of (granted - free) and of the grains
/// moved on survivors, and the worst kill's split. Kills that found their task already done recovered nothing: listed apart.
/// </summary>
internal static class KillSummary
{
    /// <summary>Prints one block per kind of victim (hosting coordination grains of the job, or none).</summary>
    public static void Print(IReadOnlyList<KillTiming> kills)
    {
        if (kills.Count == 0) return;
        Console.WriteLine();
        var done = kills.Where(k => k.FoundDone).ToList();
        var lost = kills.Where(k => !k.FoundDone).ToList();
        Console.WriteLine($"{"SIGKILL → (medians, s after the kill)",-40} {"n",3} {"dead",6} {"queued",6} {"free",6} {"granted",7} {"granted-free",12} {"running: median",15} {"max",6} {"moved",5}");
        foreach (var (label, group) in new[]
                 {
                     ("victim hosted coordination grains", lost.Where(k => k.Hosted.Coordinates).ToList()),
                     ("victim hosted none (worker only)", lost.Where(k => !k.Hosted.Coordinates).ToList()),
                     ("all kills that lost a task", lost),
                 })
        {
            if (group.Count == 0) continue;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{label,-40} {group.Count,3} {Median(group, k => k.Dead),6} {Median(group, k => k.Queued),6} {Median(group, k => k.Free),6} {Median(group, k => k.Granted),7} " +
                $"{Median(group, k => k.GrantedAfterFree),12} {Median(group, k => k.Running),15} {group.Max(k => k.Running).TotalSeconds,6:F2} {Median(group, k => TimeSpan.FromSeconds(k.Moved)),5}"));
        }
        // Not in the medians: the task had committed before the kill, so nothing was recovered.
        if (done.Count > 0)
            Console.WriteLine($"{done.Count} kills found their task already done (not in the medians): kills {string.Join(", ", done.Select(k => k.Kill))}");
        if (lost.Count == 0) return;
        var worst = lost.MaxBy(k => k.Running)!;
        Console.WriteLine($"worst: kill {worst.Kill}, {worst.Victim} (hosted {worst.Hosted}): dead {S(worst.Dead)}, queued {S(worst.Queued)}, free {S(worst.Free)}, granted {S(worst.Granted)}, running {S(worst.Running)}");
        Console.WriteLine("dead: the first surviving silo's log line saying membership declared the victim dead; queued: its shot took the task back or " +
                          "activated elsewhere offering it; free: the first poll at which a surviving silo ran no task of the job (before it, the task waits for a busy farm); granted: the new attempt's start; " +
                          "granted-free: the coordination's part of the wait (the <= 5 s target on a farm whose survivors are busy); moved: dispatcher, job and shot grains deactivated on survivors (median count); running: the bench saw it running elsewhere (task list polled every 50 ms). " +
                          "3 silos, cluster up's tightened membership timings. Target: running ≤ 5 s.");
    }

    private static string Median(IReadOnlyList<KillTiming> kills, Func<KillTiming, TimeSpan?> step)
    {
        var seen = kills.Select(step).OfType<TimeSpan>().Select(t => t.TotalSeconds).ToList();
        return seen.Count == 0 ? "–" : Percentile.Median(seen).ToString("F2", CultureInfo.InvariantCulture);
    }

    private static string S(TimeSpan? t) => t is { } v ? v.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture) : "unseen";
}
