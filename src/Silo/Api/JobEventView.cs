using StyleFarm.Grains.Jobs;
using StyleFarm.Kernels.Video;

namespace StyleFarm.Silo.Api;

/// <summary>A line of a job's history in <see cref="JobEventsView"/>.</summary>
/// <param name="Sequence">Its place in the job's history, from 1; ask for events after it to resume.</param>
/// <param name="Job">The job id.</param>
/// <param name="At">When it happened.</param>
/// <param name="State">The job's state after it.</param>
/// <param name="Message">What happened (a URL in it without its query, which holds a SAS signature).</param>
public sealed record JobEventView(long Sequence, string Job, DateTimeOffset At, JobState State, string Message)
{
    /// <summary>The view of <paramref name="e"/>, the job's event number <paramref name="sequence"/>.</summary>
    public static JobEventView Of(JobEvent e, long sequence) => new(sequence, e.Job.ToString(), e.At, e.State, MediaInput.Redact(e.Message));
}
