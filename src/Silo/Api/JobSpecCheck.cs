using StyleFarm.Grains.Jobs;
using StyleFarm.Kernels.Stylize;

namespace StyleFarm.Silo.Api;

/// <summary>
/// What the API checks before it stores a job, so a bad request fails at submission with a 400 rather
/// than later in a task: every field's bounds (<see cref="JobLimits"/>) and rules (<see cref="JobSpec.Validate"/>) and that the preset exists;
/// then <see cref="Execution.JobPreflight"/> reads the files.
/// </summary>
public static class JobSpecCheck
{
    /// <summary>Throws when <paramref name="spec"/> cannot run.</summary>
    /// <exception cref="ArgumentException">Says which field is wrong and what is accepted.</exception>
    public static void Check(JobSpec spec)
    {
        JobLimits.Check(spec); // first, so no other message echoes an unbounded value
        spec.Validate();
        StylePresets.Get(spec.Preset);
    }
}
