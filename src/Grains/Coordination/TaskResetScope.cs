namespace StyleFarm.Grains.Coordination;

/// <summary>Which tasks of a job a reset puts back in line (see <see cref="TaskReset"/>).</summary>
public enum TaskResetScope
{
    /// <summary>Resume: every task that has not succeeded and is not leased right now.</summary>
    AllUnfinished,

    /// <summary>Retry-failed: only the tasks that used up their attempts.</summary>
    FailedOnly,
}
