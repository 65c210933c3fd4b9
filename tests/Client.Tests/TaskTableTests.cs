using StyleFarm.Client.Cli;
using StyleFarm.Grains.Tasks;
using StyleFarm.Silo.Api;

namespace StyleFarm.Client.Tests;

/// <summary>`stylefarm tasks`' table: one aligned row per task with its place, state, silo, attempts, duration and an error excerpt.</summary>
public sealed class TaskTableTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void EachTaskIsARowWithItsPlaceStateSiloAttemptsDurationAndErrorExcerpt()
    {
        var longError = "CUDA out of memory while stylizing https://a.blob.core.windows.net/c/in.mp4?sig=SECRET frame 12 of segment 3\nat …";
        IReadOnlyList<TaskView> tasks =
        [
            new("plan", TaskKind.Plan, 0, 0, 0, TaskState.Succeeded, [], 1, T0.AddSeconds(2.5), null, "silo-a", null, T0),
            new("stylize/0001/0002/03", TaskKind.Stylize, 1, 2, 3, TaskState.Leased, ["flow/0001/0002"], 2, T0.AddSeconds(60), T0.AddSeconds(60), "silo-b", longError, T0.AddSeconds(60)),
            new("encode", TaskKind.Encode, 0, 0, 0, TaskState.Blocked, [], 0, T0, null, null, null),
        ];

        var lines = TaskTable.Text(tasks, T0.AddSeconds(135)).Split(Environment.NewLine);

        Assert.Equal(4, lines.Length);
        Assert.Equal("TASK                  KIND     SHOT  SEG  PASS  STATE      SILO    ATTEMPTS  DURATION  ERROR", lines[0]);
        Assert.Equal("plan                  plan     -     -    -     Succeeded  silo-a  1         2.5s", lines[1]);
        Assert.Equal("stylize/0001/0002/03  stylize  1     2    3     Leased     silo-b  2         1m15s     CUDA out of memory while stylizing https://a.blob.core.wind…", lines[2]);
        Assert.Equal("encode                encode   -     -    -     Blocked    -       0         -", lines[3]);
        Assert.DoesNotContain("SECRET", TaskTable.Json(tasks));
    }
}
