using StyleFarm.Grains.Tasks;
using StyleFarm.Silo.Dashboard;

namespace StyleFarm.Silo.Tests.Dashboard;

/// <summary>The farm page's per-silo figures and frames per minute, from task records of the sample plan.</summary>
public sealed class FarmActivityTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    private static Dictionary<string, TaskRecord> Tasks() => SampleTasks.At(Now);

    [Fact]
    public void EachSiloShowsWhatItRunsWhatItCommittedAndWhereAttemptsFailed()
    {
        var t = Tasks();
        t["plan"] = t["plan"] with { State = TaskState.Succeeded, Silo = "a" };
        t["flow/0000/0000"] = t["flow/0000/0000"] with { State = TaskState.Succeeded, Silo = "a" };
        t["flow/0000/0001"] = t["flow/0000/0001"] with { State = TaskState.Ready, Silo = "b", LastError = "out of memory" };
        t["flow/0001/0000"] = t["flow/0001/0000"] with { State = TaskState.Leased, Silo = "b", StartedAt = Now };

        var bySilo = FarmActivity.BySilo(t.Values);

        Assert.Equal((null, 2, 0), (bySilo["a"].Current?.Id.Key, bySilo["a"].Done, bySilo["a"].Failures));
        Assert.Equal(("flow/0001/0000", 0, 1), (bySilo["b"].Current?.Id.Key, bySilo["b"].Done, bySilo["b"].Failures));
    }

    [Fact]
    public void FramesCountInTheMinuteTheirTaskCommittedAndOlderOnesFallOff()
    {
        var t = Tasks();
        // stylize/0/0/1 sweeps 5 frames (core 4 + halo 1), stylize/0/1/1 3 frames, stylize/1/0/1 4.
        t["stylize/0000/0000/01"] = t["stylize/0000/0000/01"] with { State = TaskState.Succeeded, UpdatedAt = Now.AddSeconds(-10) };
        t["stylize/0000/0001/01"] = t["stylize/0000/0001/01"] with { State = TaskState.Succeeded, UpdatedAt = Now.AddSeconds(-50) };
        t["stylize/0001/0000/01"] = t["stylize/0001/0000/01"] with { State = TaskState.Succeeded, UpdatedAt = Now.AddMinutes(-2.5) };
        t["stylize/0001/0000/02"] = t["stylize/0001/0000/02"] with { State = TaskState.Succeeded, UpdatedAt = Now.AddMinutes(-61) };
        // A flow task's commit is not stylized frames.
        t["flow/0000/0000"] = t["flow/0000/0000"] with { State = TaskState.Succeeded, UpdatedAt = Now };

        var bars = FarmActivity.FramesPerMinute(t.Values, Now, 60);

        Assert.Equal(60, bars.Count);
        Assert.Equal(8, bars[59]);
        Assert.Equal(0, bars[58]);
        Assert.Equal(4, bars[57]);
        Assert.Equal(12, bars.Sum());
    }
}
