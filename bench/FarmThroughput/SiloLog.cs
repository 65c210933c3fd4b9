using System.Globalization;
using System.Text.RegularExpressions;

namespace StyleFarm.Bench.Throughput;

/// <summary>One line of a silo's log: its UTC time and its message (after the category).</summary>
internal sealed record SiloLogLine(DateTimeOffset At, string Message);

/// <summary>
/// The log of one silo of a local farm (`DIR/silos/NAME.log`, which `stylefarm silo` writes one line per entry, UTC to the
/// millisecond). A restarted silo appends to the same file, so <see cref="Start"/> marks where its current process began.
/// </summary>
internal sealed partial class SiloLog(string path)
{
    /// <summary>Where the current process's lines begin in the file (bytes).</summary>
    public long Start { get; private set; }

    /// <summary>Marks the end of the file as where the next process of this silo begins (call before restarting it).</summary>
    public void Restarting() => Start = File.Exists(path) ? new FileInfo(path).Length : 0;

    /// <summary>The current process's lines; their times of day are placed on the UTC day nearest <paramref name="near"/>.</summary>
    public IReadOnlyList<SiloLogLine> Read(DateTimeOffset near)
    {
        if (!File.Exists(path)) return [];
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        file.Seek(Start, SeekOrigin.Begin);
        using var reader = new StreamReader(file);
        var lines = new List<SiloLogLine>();
        while (reader.ReadLine() is { } line)
        {
            var match = Entry().Match(line);
            if (!match.Success) continue;
            var time = TimeSpan.ParseExact(match.Groups[1].Value, @"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture);
            var at = new DateTimeOffset(near.UtcDateTime.Date + time, TimeSpan.Zero);
            // A line written either side of midnight from the bench's clock.
            if (at - near > TimeSpan.FromHours(12)) at = at.AddDays(-1);
            else if (near - at > TimeSpan.FromHours(12)) at = at.AddDays(1);
            lines.Add(new SiloLogLine(at, match.Groups[2].Value));
        }
        return lines;
    }

    // "HH:mm:ss.fff level: Category[event] message" (the console logger's single-line form).
    [GeneratedRegex(@"^(\d\d:\d\d:\d\d\.\d{3}) \w+: \S+?\[\d+\] (.*)$")]
    private static partial Regex Entry();
}
