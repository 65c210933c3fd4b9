using System.Globalization;
using System.Text.Json;
using StyleFarm.Grains.Tasks;
using StyleFarm.Kernels.Video;
using StyleFarm.Silo.Api;

namespace StyleFarm.Client.Cli;

/// <summary>How `stylefarm tasks` prints a job's tasks: an aligned table, one task a line, or the API's JSON.</summary>
public static class TaskTable
{
    /// <summary>The longest error excerpt a row shows; `--json` has the whole error.</summary>
    public const int ErrorExcerpt = 60;

    private static readonly string[] Header = ["TASK", "KIND", "SHOT", "SEG", "PASS", "STATE", "SILO", "ATTEMPTS", "DURATION", "ERROR"];

    /// <summary>The API's JSON of <paramref name="tasks"/>, on one line (errors without URL queries).</summary>
    public static string Json(IReadOnlyList<TaskView> tasks) =>
        JsonSerializer.Serialize(tasks.Select(Redacted).ToList(), ApiJsonContext.Default.IReadOnlyListTaskView);

    /// <summary>
    /// A header and one row per task. Shot, segment and pass show "-" where the kind has none; the duration is the
    /// latest attempt's (running: so far, at <paramref name="now"/>); the error is its first line, cut to <see cref="ErrorExcerpt"/> characters.
    /// </summary>
    public static string Text(IReadOnlyList<TaskView> tasks, DateTimeOffset now)
    {
        if (tasks.Count == 0) return "no tasks";
        var rows = new List<string[]> { Header };
        rows.AddRange(tasks.Select(t => Row(Redacted(t), now)));
        var widths = Enumerable.Range(0, Header.Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        // The last column is not padded: no trailing blanks.
        return string.Join(Environment.NewLine, rows.Select(r =>
            string.Join("  ", r.Select((cell, c) => c == r.Length - 1 ? cell : cell.PadRight(widths[c]))).TrimEnd()));
    }

    private static string[] Row(TaskView t, DateTimeOffset now)
    {
        var segmented = t.Kind is TaskKind.Flow or TaskKind.Stylize;
        return
        [
            t.Key,
            t.Kind.ToString().ToLowerInvariant(),
            segmented ? t.Shot.ToString(CultureInfo.InvariantCulture) : "-",
            segmented ? t.Segment.ToString(CultureInfo.InvariantCulture) : "-",
            t.Kind == TaskKind.Stylize ? t.Pass.ToString(CultureInfo.InvariantCulture) : "-",
            t.State.ToString(),
            t.Silo ?? "-",
            t.Attempts.ToString(CultureInfo.InvariantCulture),
            Duration(t, now),
            Excerpt(t.LastError),
        ];
    }

    private static string Duration(TaskView t, DateTimeOffset now)
    {
        var started = t.LeasedAt ?? t.StartedAt;
        if (started is not { } from) return "-";
        var to = t.State == TaskState.Leased ? now : t.UpdatedAt;
        var span = to - from;
        if (span < TimeSpan.Zero) return "-";
        return span.TotalHours >= 1 ? $"{(int)span.TotalHours}h{span.Minutes:00}m"
            : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes}m{span.Seconds:00}s"
            : $"{span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)}s";
    }

    private static string Excerpt(string? error)
    {
        if (string.IsNullOrWhiteSpace(error)) return "";
        var line = error.Split('\n')[0].Trim();
        return line.Length > ErrorExcerpt ? line[..(ErrorExcerpt - 1)] + "…" : line;
    }

    private static TaskView Redacted(TaskView t) => t.LastError is null ? t : t with { LastError = MediaInput.Redact(t.LastError) };
}
