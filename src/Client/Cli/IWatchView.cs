using StyleFarm.Silo.Api;

namespace StyleFarm.Client.Cli;

/// <summary>Where `stylefarm watch` shows a job: a live bar on a terminal, plain lines into a pipe or file.</summary>
public interface IWatchView
{
    /// <summary>A line of the job's history.</summary>
    void Event(JobEventView e);

    /// <summary>
    /// The job's latest state and progress, with the time left at the measured rate and the rate in units (frames of a
    /// pass, or iterations) per second; both null while not measured yet, and once the job ended.
    /// </summary>
    void Progress(JobView job, JobProgress progress, TimeSpan? eta, double? perSecond = null);

    /// <summary>A note about watching itself (the API lost and found again).</summary>
    void Note(string line);
}
