namespace StyleFarm.Grains.Jobs;

/// <summary>A line in a job's history, as the events endpoint and the dashboard show it.</summary>
/// <param name="Job">The job.</param>
/// <param name="At">When it happened.</param>
/// <param name="State">The job's state after the event.</param>
/// <param name="Message">What happened, in words.</param>
public sealed record JobEvent(JobId Job, DateTimeOffset At, JobState State, string Message);
