using StyleFarm.Grains.Jobs;
using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Leasing;

/// <summary>
/// Which tasks a lease request may take. A task is eligible when all hold:
/// it is Ready; its job is Planning or Running (so a cancelled or failed job leases nothing);
/// its backoff time (<see cref="TaskRecord.NotBefore"/>) has passed; the silo satisfies its
/// requirements; and the silo is not blocklisted for its job.
/// </summary>
public static class LeaseEligibility
{
    /// <summary>Whether <paramref name="request"/> may lease <paramref name="task"/>.</summary>
    /// <param name="task">The candidate.</param>
    /// <param name="jobState">The state of the candidate's job.</param>
    /// <param name="siloFailuresOnJob">Failed or expired attempts of the requesting silo on the candidate's job.</param>
    /// <param name="request">The request.</param>
    public static bool IsEligible(TaskRecord task, JobState jobState, int siloFailuresOnJob, LeaseRequest request) =>
        task.State == TaskState.Ready
        && JobStateMachine.IsLeasable(jobState)
        && (task.NotBefore is null || task.NotBefore <= request.Now)
        && task.Spec.Requirements.IsSatisfiedBy(request.Capabilities)
        && !Blocklist.IsBlocked(siloFailuresOnJob, request.BlocklistAfterFailures);
}
