using StyleFarm.Grains.Jobs;
using StyleFarm.Silo.Paths;

namespace StyleFarm.Silo.Execution;

/// <summary>
/// The path checks a task makes on the silo that opens the files, whatever the API checked: a task never trusts the
/// API. A refused path fails the task and its job at once (no retry can change it).
/// </summary>
public static class JobPaths
{
    /// <summary>Checks that <paramref name="spec"/>'s input, style images and output are paths this silo may use.</summary>
    /// <exception cref="PermanentTaskException">One is not; the message is the refusal.</exception>
    public static void Check(ExecutionServices services, JobSpec spec) => Permanent(() => services.Paths.CheckJob(spec));

    /// <summary>Runs <paramref name="check"/>, turning its refusal into a task failure.</summary>
    /// <exception cref="PermanentTaskException">The check refused.</exception>
    public static void Permanent(Action check)
    {
        try
        {
            check();
        }
        catch (PathRefusedException e)
        {
            throw new PermanentTaskException(e.Message, e);
        }
    }
}
