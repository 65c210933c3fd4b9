namespace StyleFarm.Grains.Tasks;

/// <summary>The first task of a job that used up its attempts, as the job's error reports it.</summary>
/// <param name="Task">The failed task.</param>
/// <param name="Attempts">How many attempts it made.</param>
/// <param name="Error">Its last error.</param>
/// <param name="Permanent">The error is one no retry can fix (a corrupt input): what it says must be fixed first.</param>
public sealed record TaskFailureSummary(TaskId Task, int Attempts, string Error, bool Permanent = false)
{
    /// <summary>"task {key} failed after {n} attempts: {error}".</summary>
    public override string ToString() => $"task {Task.Key} failed after {Attempts} attempt{(Attempts == 1 ? "" : "s")}: {Error}";
}
