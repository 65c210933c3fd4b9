using System.Globalization;

namespace StyleFarm.Bench.Throughput;

/// <summary>The kills' figures by what the victim hosted: medians of each step of the split, and the worst kill's split.</summary>
internal static class KillSummary
{
    /// <summary>Prints one block per kind of victim (hosting coordination grains of the job, or none).</summary>
    public static void Print(IReadOnlyList<KillTiming> kills)
    {
        if (kills.Count == 0) return;
        Console.WriteLine();
        Console.WriteLine($"{"SIGKILL → (medians, s after the kill)",-40} {"n",3} {"dead",6} {"queued",6} {"free",6} {"granted",7} {"running: median",15} {"max",6}");
        foreach (var (label, group) in new[]
                 {
                     ("victim hosted coordination grains", kills.Where(k => k.Hosted.Coordinates).ToList()),
                     ("victim hosted none (worker only)", kills.Where(k => !k.Hosted.Coordinates).ToList()),
                     ("all kills", kills.ToList()),
                 })
        {
            if (group.Count == 0) continue;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{label,-40} {group.Count,3} {Median(group, k => k.Dead),6} {Median(group, k => k.Queued),6} {Median(group, k => k.Free),6} {Median(group, k => k.Granted),7} " +
                $"{Median(group, k => k.Running),15} {group.Max(k => k.Running).TotalSeconds,6:F2}"));
        }
        var worst = kills.MaxBy(k => k.Running)!;
        Console.WriteLine($"worst: kill {worst.Kill}, {worst.Victim} (hosted {worst.Hosted}): dead {S(worst.Dead)}, queued {S(worst.Queued)}, free {S(worst.Free)}, granted {S(worst.Granted)}, running {S(worst.Running)}");
        Console.WriteLine("dead: the first surviving silo's log line saying membership declared the victim dead; queued: its shot took the task back or " +
                          "activated elsewhere offering it; free: the first poll at which a surviving silo ran no task of the job (before it, the task waits for a busy farm); granted: the new attempt's start; running: the bench saw it running elsewhere (task list polled every 50 ms). " +
                          "3 silos, cluster up's tightened membership timings. Target: running ≤ 5 s.");
    }

    private static string Median(IReadOnlyList<KillTiming> kills, Func<KillTiming, TimeSpan?> step)
    {
        var seen = kills.Select(step).OfType<TimeSpan>().Select(t => t.TotalSeconds).ToList();
        return seen.Count == 0 ? "–" : Percentile.Median(seen).ToString("F2", CultureInfo.InvariantCulture);
    }

    private static string S(TimeSpan? t) => t is { } v ? v.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture) : "unseen";
}
