using StyleFarm.Silo.Api;

namespace StyleFarm.Client.Cli;

/// <summary>
/// Watch's output into a pipe or a file: one plain line per event and one per change of progress, no colour codes, no
/// cursor moves, no wrapping (a script or a log reads every line whole). Notes go to stderr.
/// </summary>
public sealed class PlainWatchView(TextWriter output, TextWriter notes) : IWatchView
{
    private string? _last;

    /// <inheritdoc />
    public void Event(JobEventView e) => output.WriteLine($"{JobText.Clock(e.At)} {e.Message}");

    /// <inheritdoc />
    public void Progress(JobView job, JobProgress progress, TimeSpan? eta, double? perSecond = null)
    {
        // The rate and ETA move on every refresh: a line is written when the work done moves, not the clock.
        var line = $"{job.State}: {progress.Text()}, tasks {job.TasksDone}/{job.TasksTotal}";
        if (line == _last) return;
        _last = line;
        var ending = JobStateIsActive(job) ? progress.PaceText(perSecond, eta) : "";
        output.WriteLine($"{JobText.Clock(DateTimeOffset.Now)} {line}{ending}");
    }

    /// <inheritdoc />
    public void Note(string line) => notes.WriteLine($"stylefarm: {line}");

    private static bool JobStateIsActive(JobView job) => Grains.Jobs.JobStateMachine.Active.Contains(job.State);
}
