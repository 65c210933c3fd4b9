using System.Diagnostics;

namespace StyleFarm.Client.Tests;

/// <summary>`stylefarm watch` against an API silo that is killed and started again: it says once that it lost the API, and follows the job on.</summary>
public sealed class WatchReconnectTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task WatchRidesOutARestartOfTheApiSiloAndFollowsTheJobToItsEnd()
    {
        using var folder = new TempFolder();
        var arguments = FarmSilo.Arguments(folder.Path, "restarting-silo");
        SiloProcess? running = await SiloProcess.StartAsync(arguments);
        var silo = running;
        try
        {
            string[] server = ["--server", silo.Api, "--token", FarmSilo.Token];
            var submitted = StyleFarmCli.Run(["submit", "/usr/share/doc/opencv-doc/examples/data/vtest.avi", "--style", "/usr/share/doc/opencv-doc/examples/data/starry_night.jpg",
                "-o", Path.Combine(folder.Path, "out.mp4"), "--preset", "preview", .. server]);
            Assert.True(submitted.ExitCode == 0, submitted.Stderr);
            var id = submitted.Stdout.Trim();
            using var watch = Process.Start(StyleFarmCli.StartInfo(["watch", id, .. server]))!;
            var planning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var stdout = new List<string>();
            var stderr = new List<string>();
            watch.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                lock (stdout) stdout.Add(e.Data);
                if (e.Data.Contains("planning: probing", StringComparison.Ordinal)) planning.TrySetResult();
            };
            watch.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                lock (stderr) stderr.Add(e.Data);
                if (e.Data.Contains("lost the API", StringComparison.Ordinal)) lost.TrySetResult();
            };
            watch.BeginOutputReadLine();
            watch.BeginErrorReadLine();
            await planning.Task.WaitAsync(Deadline);

            // The silo dies under the long poll; watch must not give up.
            running = null;
            silo.Dispose();
            await lost.Task.WaitAsync(Deadline);
            Assert.False(watch.HasExited, string.Join('\n', stderr));
            running = silo = await SiloProcess.StartAtAsync(silo.Api, arguments);
            var cancelled = StyleFarmCli.Run(["cancel", id, .. server]);
            Assert.True(cancelled.ExitCode == 0, cancelled.Stderr);
            using var patience = new CancellationTokenSource(Deadline);
            await watch.WaitForExitAsync(patience.Token);

            Assert.Equal(1, watch.ExitCode);
            lock (stdout) Assert.Contains(stdout, l => l.EndsWith(" cancelled by request", StringComparison.Ordinal));
            lock (stderr)
            {
                Assert.Equal(
                    [
                        $"stylefarm: lost the API at {silo.Api}/, retrying for up to 60 s",
                        "stylefarm: the API answers again; following the job",
                        $"stylefarm: job {id} was cancelled. Resume it with `stylefarm resume {id}`",
                    ],
                    stderr);
            }
        }
        finally
        {
            running?.Dispose();
        }
    }
}
