using System.CommandLine;

namespace StyleFarm.Client.Cli;

/// <summary>The JOB argument of status, watch, cancel, resume and retry-failed: a job id as `stylefarm submit` prints it.</summary>
public static class JobArgument
{
    /// <summary>A required JOB argument.</summary>
    public static Argument<string> Create() => new("job") { Description = "the job id (32 hex digits, as `stylefarm submit` and `stylefarm status` print it)" };
}
