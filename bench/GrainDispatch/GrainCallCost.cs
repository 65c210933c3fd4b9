using System.Diagnostics;
using System.Globalization;
using StyleFarm.Grains.Cluster;

namespace StyleFarm.Bench;

/// <summary>
/// The cost of one grain call into the silo (the dispatcher's counts, asked from outside any grain, as the API asks), in
/// wall time and in this process's CPU time (steadier than wall time on a shared machine), and the CPU the silo spends
/// doing nothing for 10 s, after 10 s to settle (the dashboard's timers run every second).
/// </summary>
internal static class GrainCallCost
{
    private const int Sequential = 10_000;
    private const int Callers = 16;
    private const int CallsPerCaller = 2_000;

    public static async Task PrintAsync(IGrainFactory grains, string dashboard)
    {
        var dispatcher = TaskOwners.Dispatcher(grains);
        for (var i = 0; i < 2_000; i++) await dispatcher.CountsAsync(); // warm-up: activation, JIT, connections
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Sequential; i++) await dispatcher.CountsAsync();
        var sequential = clock.Elapsed;
        process.Refresh();
        var sequentialCpu = process.TotalProcessorTime - cpu;
        cpu = process.TotalProcessorTime;
        clock.Restart();
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < CallsPerCaller; i++) await dispatcher.CountsAsync();
        })));
        var concurrent = clock.Elapsed;
        process.Refresh();
        var concurrentCpu = process.TotalProcessorTime - cpu;
        await Task.Delay(TimeSpan.FromSeconds(10)); // settle: tiered compilation and collections after the burst
        process.Refresh();
        cpu = process.TotalProcessorTime;
        await Task.Delay(TimeSpan.FromSeconds(10));
        process.Refresh();
        var idleCpu = process.TotalProcessorTime - cpu;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"dashboard {dashboard}: {Sequential:N0} calls in a row {sequential.TotalMilliseconds * 1000 / Sequential:0.0} µs/call wall, {sequentialCpu.TotalMilliseconds * 1000 / Sequential:0.0} µs CPU; " +
            $"{Callers} callers × {CallsPerCaller:N0}: {Callers * CallsPerCaller / concurrent.TotalSeconds:N0} calls/s, {concurrentCpu.TotalMilliseconds * 1000 / (Callers * CallsPerCaller):0.0} µs CPU/call; " +
            $"without calls: {idleCpu.TotalMilliseconds / 10:0} ms CPU per second"));
    }
}
