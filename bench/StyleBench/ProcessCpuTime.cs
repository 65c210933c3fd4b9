using System.Runtime.InteropServices;

namespace StyleFarm.Bench.Style;

/// <summary>
/// CPU time this process has used, all threads together (clock_gettime(CLOCK_PROCESS_CPUTIME_ID)), the same
/// clock Python's time.process_time() reads. On a shared machine it measures work where wall time also
/// measures waiting for a core.
/// </summary>
internal static partial class ProcessCpuTime
{
    private const int ClockProcessCpuTimeId = 2;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    /// <summary>Milliseconds of CPU time used so far.</summary>
    public static double Milliseconds()
    {
        if (ClockGetTime(ClockProcessCpuTimeId, out var t) != 0)
            throw new InvalidOperationException($"clock_gettime failed with errno {Marshal.GetLastPInvokeError()}");
        return t.Seconds * 1e3 + t.Nanoseconds / 1e6;
    }
}
