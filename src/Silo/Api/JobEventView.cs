using StyleFarm.Grains.Jobs;

namespace StyleFarm.Silo.Api;

/// <summary>A line of a job's history in <see cref="JobEventsView"/>.</summary>
/// <param name="Sequence">Its place in the store's history; ask for events after it to resume.</param>
/// <param name="Job">The job id.</param>
/// <param name="At">When it happened.</param>
/// <param name="State">The job's state after it.</param>
/// <param name="Message">What happened.</param>
public sealed record JobEventView(long Sequence, string Job, DateTimeOffset At, JobState State, string Message)
{
    /// <summary>The view of <paramref name="record"/>.</summary>
    public static JobEventView Of(JobEventRecord record) =>
        new(record.Sequence, record.Event.Job.ToString(), record.Event.At, record.Event.State, record.Event.Message);
}
