namespace StyleFarm.Grains.Leasing;

/// <summary>Why an attempt ended without success.</summary>
public enum FailureCause
{
    /// <summary>The worker ran the task and it threw; the worker reported the error.</summary>
    Error,

    /// <summary>Cluster membership declared the holding silo dead (it crashed, hung or left); the attempt was taken back.</summary>
    SiloDead,
}
