using StyleFarm.Grains.Tasks;

namespace StyleFarm.Grains.Leasing;

/// <summary>A lease the sweeper takes back, and the failure it records for the attempt.</summary>
/// <param name="Task">The task as the sweeper saw it (still Leased).</param>
/// <param name="Failure">The outcome: retry after a backoff, or Failed.</param>
public sealed record ExpiredLease(TaskRecord Task, TaskFailure Failure);
