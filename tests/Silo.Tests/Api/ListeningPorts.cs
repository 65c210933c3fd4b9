using System.Globalization;

namespace StyleFarm.Silo.Tests.Api;

/// <summary>
/// The TCP ports this process listens on (Linux): its socket descriptors (<c>/proc/self/fd</c>) matched by inode against
/// the kernel's socket tables in LISTEN state, so other processes on the machine do not count.
/// </summary>
public static class ListeningPorts
{
    private const string Listen = "0A";

    public static IReadOnlySet<int> OfThisProcess()
    {
        var inodes = new HashSet<string>();
        foreach (var fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            // A descriptor closed between the listing and the read is simply gone.
            var target = new FileInfo(fd).LinkTarget;
            if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal)) inodes.Add(target[8..^1]);
        }
        var ports = new HashSet<int>();
        foreach (var table in new[] { "/proc/self/net/tcp", "/proc/self/net/tcp6" })
        {
            if (!File.Exists(table)) continue;
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode …
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < 10 || fields[3] != Listen || !inodes.Contains(fields[9])) continue;
                ports.Add(int.Parse(fields[1][(fields[1].LastIndexOf(':') + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            }
        }
        return ports;
    }
}
