namespace StyleFarm.Grains.Jobs;

/// <summary>Where a job is in its life; <see cref="JobStateMachine"/> says which moves are legal.</summary>
public enum JobState
{
    /// <summary>Accepted and stored; the coordinator has not created its plan task yet.</summary>
    Submitted,

    /// <summary>The plan task (probe, shot cuts) is queued or running.</summary>
    Planning,

    /// <summary>The task graph exists; flow, stylize and encode tasks are being leased.</summary>
    Running,

    /// <summary>The encode task succeeded: the output is written. Final.</summary>
    Succeeded,

    /// <summary>A task used up its attempts; the job's error says which and why. Can be resumed or retried.</summary>
    Failed,

    /// <summary>Stopped by a user. Can be resumed.</summary>
    Cancelled,
}
