namespace StyleFarm.Grains.Leasing;

/// <summary>Why an attempt ended without success.</summary>
public enum FailureCause
{
    /// <summary>The worker ran the task and it threw; the worker reported the error.</summary>
    Error,

    /// <summary>The lease was not renewed before it expired (worker hung, crashed or lost the store).</summary>
    Expired,

    /// <summary>The holding silo stopped its own heartbeat; its lease was taken back early.</summary>
    SiloDead,
}
