using Spectre.Console;
using StyleFarm.Grains.Jobs;
using StyleFarm.Silo.Api;

namespace StyleFarm.Client.Cli;

/// <summary>
/// Watch's output on a terminal: the history in lines above a live bar of the frames done over all passes (a training
/// job's iterations), described by the job's state, its pass and frames (iteration and loss terms), the rate of a
/// training job and the ETA at the measured rate.
/// </summary>
public sealed class TerminalWatchView(ProgressTask bar) : IWatchView
{
    /// <inheritdoc />
    public void Event(JobEventView e) => AnsiConsole.MarkupLineInterpolated($"[grey]{JobText.Clock(e.At)}[/] {e.Message}");

    /// <inheritdoc />
    public void Progress(JobView job, JobProgress progress, TimeSpan? eta, double? perSecond = null)
    {
        // Before the plan only the task count is known.
        bar.MaxValue = progress.Total > 0 ? progress.Total : Math.Max(job.TasksTotal, 1);
        bar.Value = progress.Total > 0 ? progress.Done : job.TasksDone;
        var ending = JobStateMachine.Active.Contains(job.State) ? progress.PaceText(perSecond, eta) : "";
        bar.Description = Markup.Escape($"{job.State}: {progress.Text()}{ending}");
    }

    /// <inheritdoc />
    public void Note(string line) => AnsiConsole.MarkupLineInterpolated($"[yellow]{line}[/]");
}
