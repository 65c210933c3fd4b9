using System.Diagnostics;
using StyleFarm.Client.Cluster;

namespace StyleFarm.Client.Tests;

/// <summary>How the local farm tells whether its detached processes run.</summary>
public sealed class LocalProcessTests
{
    [Fact]
    public async Task ADetachedProcessCountsAsRunningFromItsStartEvenWhileItExecs()
    {
        // sh → setsid → node: while a process execs, its command line reads empty for a moment; that once made
        // `cluster up` report "Azurite exited while starting: (empty log)" for an Azurite that was starting fine.
        using var folder = new TempFolder();
        var log = Path.Combine(folder.Path, "node.log");
        var falseExits = 0;
        for (var start = 0; start < 8; start++)
        {
            var pid = LocalProcess.StartDetached("node", ["-e", "setTimeout(() => {}, 1500)", "stylefarm-exec-test"], log);
            var watched = Stopwatch.StartNew();
            while (watched.Elapsed < TimeSpan.FromMilliseconds(300))
                if (!LocalProcess.IsRunning(pid, "stylefarm-exec-test")) falseExits++;
            await LocalProcess.StopAsync(pid, TimeSpan.FromSeconds(5), "stylefarm-exec-test");
            Assert.False(LocalProcess.IsRunning(pid, "stylefarm-exec-test"));
        }

        Assert.Equal(0, falseExits);
    }

    [Fact]
    public void TailReadsOnlyWhatFollowsTheGivenOffset()
    {
        using var folder = new TempFolder();
        var log = Path.Combine(folder.Path, "service.log");
        File.WriteAllText(log, "old start\nold failure\n");
        var offset = LocalProcess.LogLength(log);
        File.AppendAllText(log, "Exit due to unhandled error: listen EADDRINUSE\n");

        Assert.Equal("Exit due to unhandled error: listen EADDRINUSE", LocalProcess.Tail(log, from: offset));
        Assert.Equal("(empty log)", LocalProcess.Tail(log, from: new FileInfo(log).Length));
        Assert.Equal("(no log)", LocalProcess.Tail(Path.Combine(folder.Path, "missing.log")));
    }

    [Fact]
    public void TailOfAProcessThatDiedOfAnUnhandledExceptionStartsAtItsMessage()
    {
        using var folder = new TempFolder();
        var log = Path.Combine(folder.Path, "silo.log");
        var stack = Enumerable.Range(0, 40).Select(i => $"   at Npgsql.Internal.Frame{i}()");
        File.WriteAllLines(log, ["info: starting", "Unhandled exception. Npgsql.NpgsqlException (0x80004005): Exception while reading from stream", .. stack]);

        var tail = LocalProcess.Tail(log, lines: 3);

        Assert.Equal("Unhandled exception. Npgsql.NpgsqlException (0x80004005): Exception while reading from stream | at Npgsql.Internal.Frame0() | at Npgsql.Internal.Frame1()", tail);
    }
}
