using System.Globalization;
using System.Text.RegularExpressions;

namespace StyleFarm.Bench.Throughput;

/// <summary>One farm size's medians, as the per-size table prints them.</summary>
/// <param name="Silos">Worker silos.</param>
/// <param name="Runs">Runs the medians are over.</param>
/// <param name="FramesPerMinute">Median frames per minute.</param>
/// <param name="OverheadMedian">Coordinator overhead with a free silo waiting, median ms (NaN: none seen).</param>
/// <param name="OverheadP90">The same, 90th percentile.</param>
internal sealed record FarmFigures(int Silos, int Runs, double FramesPerMinute, double OverheadMedian, double OverheadP90);

/// <summary>
/// The one table of the farm bench with <c>--previous REV</c>: this build's grains beside the engine of commit REV (the lease
/// engine, 1f6322f), whose own bench ran the same job just before in the same command (its printed per-size table is parsed:
/// that commit's bench prints the same columns). Rows: frames per minute per farm size, coordinator overhead, SIGKILL to
/// running again; the ratio column is grains over previous (higher is better for frames/min, lower for times).
/// </summary>
internal static partial class EngineComparison
{
    // The lease engine's bench has no --kills; the figure the issue quotes (a 3-silo farm waiting out the 60 s lease).
    private const string LeaseKillFigure = "58.7 s quoted (issue 10, measured on the lease engine before the move, Nov-Dec 2026): its bench cannot SIGKILL";

    /// <summary>The per-size rows of a bench's printed output ("silos runs wall frames/min speed-up overhead median p90 n …").</summary>
    public static IReadOnlyList<FarmFigures> Parse(IEnumerable<string> lines) =>
        lines.Select(l => Row().Match(l)).Where(m => m.Success)
            .Select(m => new FarmFigures(Int(m, "silos"), Int(m, "runs"), Num(m, "fpm"), Num(m, "median"), Num(m, "p90")))
            .ToList();

    /// <summary>Prints the table of <paramref name="grains"/> beside <paramref name="previous"/> (commit <paramref name="name"/>).</summary>
    public static void Print(string workload, IReadOnlyList<FarmFigures> grains, IReadOnlyList<FarmFigures> previous, string name,
        IReadOnlyList<TimeSpan> kills)
    {
        Console.WriteLine();
        Console.WriteLine($"one table — {workload}");
        var rows = new List<(string What, string Grains, string Previous, string Ratio)>();
        foreach (var silos in grains.Select(g => g.Silos).Union(previous.Select(p => p.Silos)).Order())
        {
            var (g, p) = (grains.FirstOrDefault(x => x.Silos == silos), previous.FirstOrDefault(x => x.Silos == silos));
            rows.Add(($"frames/min, {silos} worker silo(s) (median of {g?.Runs ?? 0} / {p?.Runs ?? 0} runs)", F(g?.FramesPerMinute, "F1"), F(p?.FramesPerMinute, "F1"),
                Ratio(g?.FramesPerMinute, p?.FramesPerMinute)));
        }
        foreach (var silos in grains.Select(g => g.Silos).Union(previous.Select(p => p.Silos)).Order())
        {
            var (g, p) = (grains.FirstOrDefault(x => x.Silos == silos), previous.FirstOrDefault(x => x.Silos == silos));
            rows.Add(($"coordinator overhead ms, median / p90, {silos} silo(s)", $"{F(g?.OverheadMedian, "F0")} / {F(g?.OverheadP90, "F0")}",
                $"{F(p?.OverheadMedian, "F0")} / {F(p?.OverheadP90, "F0")}", Ratio(g?.OverheadMedian, p?.OverheadMedian)));
        }
        var kill = kills.Count == 0 ? "not run (--kills N)" : string.Create(CultureInfo.InvariantCulture, $"{Percentile.Median(kills.Select(k => k.TotalSeconds).ToList()):F2} s ({kills.Count} kills)");
        rows.Add(("SIGKILL of a worker → its task running again, median", kill, "n/a: its bench cannot SIGKILL (below)", ""));
        rows.Add(("dispatch capacity, 1,000 simulated workers", "n/a here: bench/grain-dispatch.sh", "n/a: grain-dispatch.sh quotes it", ""));
        rows.Add(("persisted bytes per shot grain, 2-hour film", "n/a here: bench/grain-dispatch.sh", "n/a: no shot grains", ""));
        var width = rows.Max(r => r.What.Length);
        var (gw, pw) = (Math.Max(20, rows.Max(r => r.Grains.Length)), Math.Max(name.Length + 14, rows.Max(r => r.Previous.Length)));
        Console.WriteLine($"{"".PadRight(width)}  {"grains (this build)".PadRight(gw)}  {$"lease engine ({name})".PadRight(pw)}  grains / lease");
        foreach (var r in rows) Console.WriteLine($"{r.What.PadRight(width)}  {r.Grains.PadRight(gw)}  {r.Previous.PadRight(pw)}  {r.Ratio}");
        Console.WriteLine($"lease engine, SIGKILL: {LeaseKillFigure}.");
        Console.WriteLine("ratios: grains over lease engine, both measured by this command on the same machine (frames/min: higher is better; overhead: lower is).");
    }

    private static string F(double? value, string format) =>
        value is { } v && !double.IsNaN(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    private static string Ratio(double? grains, double? previous) =>
        grains is { } g && previous is { } p && p > 0 && !double.IsNaN(g) && !double.IsNaN(p) ? (g / p).ToString("F2", CultureInfo.InvariantCulture) + "×" : "";

    private static int Int(Match m, string group) => int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    private static double Num(Match m, string group) =>
        double.TryParse(m.Groups[group].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;

    [GeneratedRegex(@"^\s*(?<silos>\d+)\s+(?<runs>\d+)\s+(?<wall>[\d.]+)\s+(?<fpm>[\d.]+)\s+[\d.]+×\s+(?<median>\S+)\s+(?<p90>\S+)\s+\d+\s")]
    private static partial Regex Row();
}
